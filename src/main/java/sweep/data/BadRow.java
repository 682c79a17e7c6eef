package sweep.data;

import java.util.Objects;

/**
 * A rejected row and where it is.
 *
 * @param location where the row is, e.g. {@code data/train.jsonl:12} ({@code FILE:LINE}) or a table key
 * @param violation what is wrong with it
 */
public record BadRow(String location, Violation violation) {
  public BadRow {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(violation, "violation");
  }

  /** The reason it is counted under. */
  public BadRowReason reason() {
    return violation.reason();
  }

  /** One line: {@code LOCATION: field: what is wrong}, e.g. {@code train.jsonl:12: labels[3]: 'B-FOO' is not ...}. */
  public String message() {
    return location + ": " + violation.message();
  }
}
