package sweep.prune;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import sweep.spec.Goal;

/**
 * The learning curve of one search trial as the Store holds it: the sweep metric by epoch (finite values only),
 * and whether the trial has completed (a trial that ran to its end or was early-stopped; not pruned, failed or
 * running).
 */
public record Curve(int number, boolean complete, NavigableMap<Integer, Double> values) {

  public Curve {
    TreeMap<Integer, Double> copy = new TreeMap<>();
    values.forEach((e, v) -> {
      if (v != null && Double.isFinite(v)) {
        copy.put(e, v);
      }
    });
    values = Collections.unmodifiableNavigableMap(copy);
  }

  public static Curve of(int number, boolean complete, Map<Integer, Double> values) {
    return new Curve(number, complete, new TreeMap<>(values));
  }

  /** The last epoch with a value, or 0. */
  public int lastEpoch() {
    return values.isEmpty() ? 0 : values.lastKey();
  }

  /** The value at exactly {@code epoch}. */
  public Optional<Double> at(int epoch) {
    return Optional.ofNullable(values.get(epoch));
  }

  /** The best value at or before {@code epoch} under {@code goal}. */
  public Optional<Double> bestUpTo(int epoch, Goal goal) {
    Double best = null;
    for (double v : values.headMap(epoch, true).values()) {
      if (best == null || goal.better(v, best)) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
  }
}
