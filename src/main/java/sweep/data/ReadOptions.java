package sweep.data;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a source reads rows.
 *
 * @param fields the attribute names of the five fields
 * @param policy what to do with a bad row
 * @param labelSet the tags allowed; empty (or null) means any well-formed tag ({@code O}, {@code B-X}, {@code I-X})
 */
public record ReadOptions(FieldNames fields, BadRowPolicy policy, Set<String> labelSet) {
  /** @throws IllegalArgumentException if the label set holds a malformed tag */
  public ReadOptions {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(policy, "policy");
    labelSet = labelSet == null ? Set.of() : labelSet;
    for (String tag : labelSet) {
      if (!Labels.isWellFormed(tag)) {
        throw new IllegalArgumentException("label set holds a malformed tag: '" + tag + "'");
      }
    }
    labelSet = Set.copyOf(labelSet);
  }

  /** Default field names, any well-formed tag, the given policy. */
  public static ReadOptions of(BadRowPolicy policy) {
    return new ReadOptions(FieldNames.DEFAULT, policy, Set.of());
  }

  /** The same options with other field names. */
  public ReadOptions withFields(FieldNames names) {
    return new ReadOptions(names, policy, labelSet);
  }

  /** The same options with a fixed label set (e.g. the model's labels); empty means any well-formed tag. */
  public ReadOptions withLabelSet(Collection<String> labels) {
    return new ReadOptions(fields, policy, new TreeSet<>(labels));
  }

  /** The validator these options describe. */
  public LineValidator validator() {
    return new LineValidator(fields, labelSet);
  }
}
