package sweep.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules every source applies to a line, whatever it was read from. {@link #check} returns the first rule a line
 * breaks, checked in this order:
 *
 * <ol>
 *   <li>{@link BadRowReason#MISSING_FIELD}: document id or line id blank;
 *   <li>{@link BadRowReason#EMPTY_LINE}: no words;
 *   <li>{@link BadRowReason#LENGTH_MISMATCH}: words, boxes, labels of different lengths;
 *   <li>{@link BadRowReason#BOX_OUT_OF_RANGE}: a box outside 0..1000 or with x0 &gt; x1 or y0 &gt; y1;
 *   <li>{@link BadRowReason#EMPTY_WORD}: a word that is empty or only whitespace/control characters;
 *   <li>{@link BadRowReason#UNKNOWN_TAG}: a label that is not O / B-X / I-X, or not in the fixed label set.
 * </ol>
 *
 * <p>Sources that parse raw data check {@link BadRowReason#INVALID_JSON}, {@link BadRowReason#WRONG_TYPE} and the
 * shape of a box (4 whole numbers) themselves, before a {@link LabeledLine} exists, then call this. Field names in
 * messages are the source's ({@link FieldNames}). Stateless and thread-safe.
 */
public final class LineValidator {
  /** Default field names, any well-formed tag. */
  public static final LineValidator DEFAULT = new LineValidator(FieldNames.DEFAULT, Set.of());

  private final FieldNames names;
  private final Set<String> labelSet;

  /**
   * @param names the source's field names, for messages
   * @param labelSet the allowed tags; empty means any well-formed tag
   */
  public LineValidator(FieldNames names, Set<String> labelSet) {
    this.names = Objects.requireNonNull(names, "names");
    this.labelSet = Set.copyOf(labelSet);
  }

  /** The first rule the line breaks, or empty when it is valid. */
  public Optional<Violation> check(LabeledLine line) {
    if (line.documentId().isBlank()) {
      return Optional.of(new Violation(BadRowReason.MISSING_FIELD, names.documentId(), "empty"));
    }
    if (line.lineId().isBlank()) {
      return Optional.of(new Violation(BadRowReason.MISSING_FIELD, names.lineId(), "empty"));
    }
    Optional<Violation> sizes = checkSizes(line.words().size(), line.boxes().size(), line.labels().size());
    if (sizes.isPresent()) {
      return sizes;
    }
    for (int i = 0; i < line.boxes().size(); i++) {
      Optional<String> problem = line.boxes().get(i).problem();
      if (problem.isPresent()) {
        return Optional.of(new Violation(BadRowReason.BOX_OUT_OF_RANGE, names.boxes() + "[" + i + "]", problem.get()));
      }
    }
    for (int i = 0; i < line.words().size(); i++) {
      if (isEmptyWord(line.words().get(i))) {
        return Optional.of(new Violation(BadRowReason.EMPTY_WORD, names.words() + "[" + i + "]",
            "empty word " + quote(line.words().get(i))));
      }
    }
    for (int i = 0; i < line.labels().size(); i++) {
      Optional<String> problem = tagProblem(line.labels().get(i));
      if (problem.isPresent()) {
        return Optional.of(new Violation(BadRowReason.UNKNOWN_TAG, names.labels() + "[" + i + "]", problem.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The {@link BadRowReason#EMPTY_LINE} and {@link BadRowReason#LENGTH_MISMATCH} rules on list sizes alone, for a
   * source that wants them before it builds boxes.
   */
  public Optional<Violation> checkSizes(int words, int boxes, int labels) {
    if (words == 0) {
      return Optional.of(new Violation(BadRowReason.EMPTY_LINE, names.words(), "no words"));
    }
    if (boxes != words || labels != words) {
      return Optional.of(new Violation(BadRowReason.LENGTH_MISMATCH, names.words(), "lengths differ: "
          + names.words() + " " + words + ", " + names.boxes() + " " + boxes + ", " + names.labels() + " " + labels));
    }
    return Optional.empty();
  }

  /**
   * Validates lines already in memory: the valid ones in order, the others applied to {@code policy}, located as
   * {@code documentId/lineId}.
   *
   * @throws DataException at the first bad line under {@link BadRowPolicy#FAIL}
   */
  public LoadedLines filter(List<LabeledLine> lines, BadRowPolicy policy) {
    BadRowCollector bad = new BadRowCollector(policy);
    List<LabeledLine> ok = new ArrayList<>(lines.size());
    for (LabeledLine line : lines) {
      Optional<Violation> v = check(line);
      if (v.isPresent()) {
        bad.reject(line.documentId() + "/" + line.lineId(), v.get());
      } else {
        ok.add(line);
      }
    }
    return new LoadedLines(ok, bad.badRows());
  }

  /** True for a word that would give no token: empty, or only whitespace and control characters. */
  public static boolean isEmptyWord(String word) {
    return word.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }

  private Optional<String> tagProblem(String tag) {
    if (!Labels.isWellFormed(tag)) {
      return Optional.of(quote(tag) + " is not O, B-TYPE or I-TYPE");
    }
    if (!labelSet.isEmpty() && !labelSet.contains(tag)) {
      return Optional.of(quote(tag) + " is not in the label set " + new TreeSet<>(labelSet));
    }
    return Optional.empty();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("'");
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.append('\'').toString();
  }
}
