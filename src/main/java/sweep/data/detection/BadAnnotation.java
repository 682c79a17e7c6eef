package sweep.data.detection;

import java.util.Objects;

/**
 * A rejected image or box, and where it is.
 *
 * @param location the file and entry, e.g. {@code /data/annotations.json: annotations[4] (id 17)}
 * @param reason what it is counted under
 * @param field the offending field ({@code bbox}, {@code file_name}, {@code width}...)
 * @param detail what is wrong, in words
 */
public record BadAnnotation(String location, BadAnnotationReason reason, String field, String detail) {
  public BadAnnotation {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
  }

  /** One line: {@code LOCATION: field: detail}. */
  public String message() {
    return location + ": " + field + ": " + detail;
  }
}
