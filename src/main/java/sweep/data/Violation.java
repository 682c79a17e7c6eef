package sweep.data;

import java.util.Objects;

/**
 * What is wrong with one row, without saying where the row is.
 *
 * @param reason the category it is counted under
 * @param field the field, as the source names it, with an index where one applies ({@code boxes[2]}); {@code row}
 *     when the row as a whole is wrong
 * @param detail what is wrong, in words
 */
public record Violation(BadRowReason reason, String field, String detail) {
  public Violation {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@code field: detail}. */
  public String message() {
    return field + ": " + detail;
  }
}
