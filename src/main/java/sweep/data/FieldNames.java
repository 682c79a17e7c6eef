package sweep.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribute names a source uses for the five fields of a {@link LabeledLine}, so that a source with other names
 * (a DynamoDB table, another team's export) maps onto the same reader and validator. Error messages name fields by
 * these names.
 */
public record FieldNames(String documentId, String lineId, String words, String boxes, String labels) {
  /** {@code receipt_id}, {@code line_id}, {@code words}, {@code boxes}, {@code labels}. */
  public static final FieldNames DEFAULT = new FieldNames("receipt_id", "line_id", "words", "boxes", "labels");

  /** @throws IllegalArgumentException if a name is null, blank, or used twice */
  public FieldNames {
    List<String> all = java.util.Arrays.asList(documentId, lineId, words, boxes, labels);
    Set<String> seen = new HashSet<>();
    for (String name : all) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("field names must not be blank: " + all);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("field name '" + name + "' is used twice: " + all);
      }
    }
  }

  /** The five names in row order: document id, line id, words, boxes, labels. */
  public List<String> all() {
    return List.of(documentId, lineId, words, boxes, labels);
  }
}
