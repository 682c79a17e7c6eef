package sweep.data.detection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import sweep.data.ReasonCounts;

/**
 * The images and boxes a source left out under {@code bad_rows: skip}: how many per reason and the first few
 * of each ({@value #MAX_EXAMPLES} at most per reason).
 *
 * @param counts items left out per reason; reasons with none are absent; in {@link BadAnnotationReason} order
 * @param examples the first items left out per reason, in the order found
 */
public record BadAnnotations(Map<BadAnnotationReason, Integer> counts,
    Map<BadAnnotationReason, List<BadAnnotation>> examples) {
  /** Examples kept per reason. */
  public static final int MAX_EXAMPLES = ReasonCounts.MAX_EXAMPLES;

  public BadAnnotations {
    counts = ReasonCounts.counts(BadAnnotationReason.class, counts);
    examples = ReasonCounts.examples(BadAnnotationReason.class, examples);
  }

  /** None left out. */
  public static BadAnnotations none() {
    return new BadAnnotations(Map.of(), Map.of());
  }

  /** Two reports as one: counts added, examples of {@code a} first. */
  public static BadAnnotations merge(BadAnnotations a, BadAnnotations b) {
    ReasonCounts.Tally<BadAnnotationReason, BadAnnotation> tally = new ReasonCounts.Tally<>(BadAnnotationReason.class);
    for (BadAnnotations r : List.of(a, b)) {
      tally.addAll(r.counts(), r.examples());
    }
    return new BadAnnotations(tally.counts(), tally.examples());
  }

  /** All items left out. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Items left out for one reason. */
  public int count(BadAnnotationReason reason) {
    return counts.getOrDefault(Objects.requireNonNull(reason), 0);
  }

  /** The first items left out for one reason. */
  public List<BadAnnotation> examples(BadAnnotationReason reason) {
    return examples.getOrDefault(Objects.requireNonNull(reason), List.of());
  }

  /**
   * One line: {@code no bad annotations}, or e.g. {@code 3 bad: 2 box_outside_image, 1 missing_image}, reasons
   * most frequent first (ties in {@link BadAnnotationReason} order).
   */
  public String summary() {
    if (isEmpty()) {
      return "no bad annotations";
    }
    List<BadAnnotationReason> order = ReasonCounts.byFrequency(counts);
    return total() + " bad: " + order.stream().map(r -> counts.get(r) + " " + r.code())
        .collect(Collectors.joining(", "));
  }

  /** The first example of the most frequent reason, for a log line; empty when none. */
  public String firstExample() {
    if (isEmpty()) {
      return "";
    }
    List<BadAnnotation> first = examples(ReasonCounts.byFrequency(counts).get(0));
    return first.isEmpty() ? "" : first.get(0).message();
  }
}
