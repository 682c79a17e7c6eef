package sweep.data;

import java.util.List;
import java.util.Objects;

/**
 * One training sample: one line of one document (a receipt), its words in reading order, one box and one BIO tag
 * per word ({@code O}, {@code B-TYPE}, {@code I-TYPE}).
 *
 * <p>The lists are copied into unmodifiable lists; no component and no list element may be null. The record does
 * not check that the three lists have the same length or that boxes and tags are valid: {@link LineValidator} does,
 * and every line a source in this package hands out has passed it.
 *
 * @param documentId the document (receipt) the line belongs to; splits keep a document on one side
 * @param lineId the line's id, unique within its document
 * @param words the words, as OCR read them
 * @param boxes one box per word, 0..1000 page coordinates
 * @param labels one BIO tag per word
 */
public record LabeledLine(String documentId, String lineId, List<String> words, List<Box> boxes, List<String> labels) {
  public LabeledLine {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(lineId, "lineId");
    words = List.copyOf(Objects.requireNonNull(words, "words"));
    boxes = List.copyOf(Objects.requireNonNull(boxes, "boxes"));
    labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
  }

  /** The number of words. */
  public int size() {
    return words.size();
  }
}
