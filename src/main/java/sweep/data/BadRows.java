package sweep.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rows a source left out under {@link BadRowPolicy#SKIP}: how many for each reason, and the first few of each
 * ({@value #MAX_EXAMPLES} at most per reason).
 *
 * @param counts rows left out per reason; reasons with none are absent; iteration follows {@link BadRowReason} order
 * @param examples the first rows left out per reason, in the order found, at most {@value #MAX_EXAMPLES} each
 */
public record BadRows(Map<BadRowReason, Integer> counts, Map<BadRowReason, List<BadRow>> examples) {
  /** Examples kept per reason. */
  public static final int MAX_EXAMPLES = ReasonCounts.MAX_EXAMPLES;

  private static final BadRows NONE = new BadRows(Map.of(), Map.of());

  public BadRows {
    counts = ReasonCounts.counts(BadRowReason.class, counts);
    examples = ReasonCounts.examples(BadRowReason.class, examples);
  }

  /** No bad rows. */
  public static BadRows none() {
    return NONE;
  }

  /**
   * Two reports as one (e.g. a training and a validation file): counts added, examples of {@code a} first, then of
   * {@code b}, still at most {@value #MAX_EXAMPLES} per reason.
   */
  public static BadRows merge(BadRows a, BadRows b) {
    ReasonCounts.Tally<BadRowReason, BadRow> tally = new ReasonCounts.Tally<>(BadRowReason.class);
    for (BadRows r : List.of(a, b)) {
      tally.addAll(r.counts(), r.examples());
    }
    return new BadRows(tally.counts(), tally.examples());
  }

  /** All rows left out. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** True when no row was left out. */
  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Rows left out for one reason. */
  public int count(BadRowReason reason) {
    return counts.getOrDefault(Objects.requireNonNull(reason), 0);
  }

  /** The first rows left out for one reason (at most {@value #MAX_EXAMPLES}). */
  public List<BadRow> examples(BadRowReason reason) {
    return examples.getOrDefault(Objects.requireNonNull(reason), List.of());
  }

  /**
   * One line for a log: {@code no bad rows}, or e.g. {@code 3 bad rows skipped (2 length_mismatch, 1 unknown_tag),
   * e.g. train.jsonl:4: labels: 3 labels for 4 words}. Reasons are listed most frequent first; the example is the
   * first one of the most frequent reason.
   */
  public String summary() {
    if (isEmpty()) {
      return "no bad rows";
    }
    List<BadRowReason> byCount = ReasonCounts.byFrequency(counts);
    String parts = byCount.stream().map(r -> counts.get(r) + " " + r.code()).collect(Collectors.joining(", "));
    int total = total();
    StringBuilder sb = new StringBuilder()
        .append(total).append(total == 1 ? " bad row" : " bad rows").append(" skipped (").append(parts).append(')');
    List<BadRow> first = examples(byCount.get(0));
    if (!first.isEmpty()) {
      sb.append(", e.g. ").append(first.get(0).message());
    }
    return sb.toString();
  }
}
