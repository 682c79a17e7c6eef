package sweep.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping every report of left-out items shares ({@link BadRows} for lines, the detection data's bad
 * annotations): a count per reason and the first few items of each, in the reasons' enum order.
 */
public final class ReasonCounts {
  /** Examples kept per reason. */
  public static final int MAX_EXAMPLES = 5;

  private ReasonCounts() {}

  /** {@code counts} checked (no negative count), without zeros, unmodifiable, in enum order. */
  public static <R extends Enum<R>> Map<R, Integer> counts(Class<R> type, Map<R, Integer> counts) {
    EnumMap<R, Integer> c = new EnumMap<>(type);
    counts.forEach((reason, n) -> {
      if (n < 0) {
        throw new IllegalArgumentException("negative count for " + reason);
      }
      if (n > 0) {
        c.put(reason, n);
      }
    });
    return Collections.unmodifiableMap(c);
  }

  /** {@code examples} without empty lists, at most {@value #MAX_EXAMPLES} each, unmodifiable, in enum order. */
  public static <R extends Enum<R>, X> Map<R, List<X>> examples(Class<R> type, Map<R, List<X>> examples) {
    EnumMap<R, List<X>> e = new EnumMap<>(type);
    examples.forEach((reason, items) -> {
      if (!items.isEmpty()) {
        e.put(reason, List.copyOf(items.subList(0, Math.min(items.size(), MAX_EXAMPLES))));
      }
    });
    return Collections.unmodifiableMap(e);
  }

  /** The reasons counted, most frequent first, ties in enum order. */
  public static <R extends Enum<R>> List<R> byFrequency(Map<R, Integer> counts) {
    List<R> order = new ArrayList<>(counts.keySet());
    order.sort(Comparator.comparing((R r) -> -counts.get(r)).thenComparing(Enum::ordinal));
    return order;
  }

  /**
   * A tally being made, one item at a time or from whole reports (counts added, examples in the order given, at
   * most {@value #MAX_EXAMPLES} per reason). Not thread-safe.
   */
  public static final class Tally<R extends Enum<R>, X> {
    private final Map<R, Integer> counts;
    private final Map<R, List<X>> examples;

    public Tally(Class<R> type) {
      this.counts = new EnumMap<>(type);
      this.examples = new EnumMap<>(type);
    }

    /** Counts one item. */
    public void add(R reason, X item) {
      counts.merge(reason, 1, Integer::sum);
      List<X> list = examples.computeIfAbsent(reason, r -> new ArrayList<>());
      if (list.size() < MAX_EXAMPLES) {
        list.add(item);
      }
    }

    /** Adds a whole report's counts and examples. */
    public void addAll(Map<R, Integer> moreCounts, Map<R, List<X>> moreExamples) {
      moreCounts.forEach((reason, n) -> counts.merge(reason, n, Integer::sum));
      moreExamples.forEach((reason, items) -> examples.computeIfAbsent(reason, k -> new ArrayList<>()).addAll(items));
    }

    public Map<R, Integer> counts() {
      return counts;
    }

    public Map<R, List<X>> examples() {
      return examples;
    }
  }
}
