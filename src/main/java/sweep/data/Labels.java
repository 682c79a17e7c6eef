package sweep.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * BIO tags and label sets. A well-formed tag is {@code O}, or {@code B-TYPE} / {@code I-TYPE} where TYPE is one or
 * more characters with no whitespace (e.g. {@code B-TOTAL}, {@code I-menu.nm}).
 *
 * <p>A label set's canonical order is: {@code O} first, then by entity type (string order), {@code B-} before
 * {@code I-}. Ids given to labels follow that order, so the same types always give the same ids.
 */
public final class Labels {
  /** The tag for a word outside every entity. */
  public static final String OUTSIDE = "O";

  private static final Pattern TAG = Pattern.compile("[BI]-\\S+");

  private Labels() {}

  /** True for {@code O}, {@code B-TYPE} and {@code I-TYPE}. */
  public static boolean isWellFormed(String tag) {
    return tag != null && (OUTSIDE.equals(tag) || TAG.matcher(tag).matches());
  }

  /** True for a well-formed {@code B-} tag. */
  public static boolean isBegin(String tag) {
    return isWellFormed(tag) && tag.startsWith("B-");
  }

  /** True for a well-formed {@code I-} tag. */
  public static boolean isInside(String tag) {
    return isWellFormed(tag) && tag.startsWith("I-");
  }

  /** The entity type of a {@code B-}/{@code I-} tag; empty for {@code O}. Throws on a malformed tag. */
  public static Optional<String> entityType(String tag) {
    requireWellFormed(tag);
    return OUTSIDE.equals(tag) ? Optional.empty() : Optional.of(tag.substring(2));
  }

  /** {@code O} then {@code B-T}, {@code I-T} for each type T in string order. */
  public static List<String> forTypes(Collection<String> entityTypes) {
    SortedSet<String> types = new TreeSet<>();
    for (String type : entityTypes) {
      requireWellFormed("B-" + type);
      types.add(type);
    }
    List<String> out = new ArrayList<>(1 + 2 * types.size());
    out.add(OUTSIDE);
    for (String type : types) {
      out.add("B-" + type);
      out.add("I-" + type);
    }
    return List.copyOf(out);
  }

  /**
   * Exactly the given labels, in canonical order (nothing added: a fixed label set stays as given).
   *
   * @throws IllegalArgumentException on a malformed tag
   */
  public static List<String> sorted(Collection<String> labels) {
    SortedSet<String> set = new TreeSet<>(ORDER);
    for (String tag : labels) {
      requireWellFormed(tag);
      set.add(tag);
    }
    return List.copyOf(set);
  }

  /** Canonical label order: {@code O} first, then by entity type, {@code B-} before {@code I-} (well-formed tags). */
  public static final java.util.Comparator<String> ORDER = java.util.Comparator
      .comparing((String tag) -> OUTSIDE.equals(tag) ? 0 : 1)
      .thenComparing(tag -> OUTSIDE.equals(tag) ? "" : tag.substring(2))
      .thenComparing(tag -> OUTSIDE.equals(tag) ? 0 : tag.charAt(0) == 'B' ? 0 : 1);

  /**
   * The label set of some lines in canonical order: {@code O} (always, even if no word has it), then for every
   * entity type that occurs both its {@code B-} and {@code I-} tag, whichever of the two occurs.
   *
   * @throws IllegalArgumentException on a malformed tag
   */
  public static List<String> infer(Collection<LabeledLine> lines) {
    SortedSet<String> types = new TreeSet<>();
    for (LabeledLine line : lines) {
      for (String tag : line.labels()) {
        entityType(tag).ifPresent(types::add);
      }
    }
    return forTypes(types);
  }

  private static void requireWellFormed(String tag) {
    if (!isWellFormed(tag)) {
      throw new IllegalArgumentException("not a BIO tag (O, B-TYPE or I-TYPE): '" + tag + "'");
    }
  }
}
