package sweep.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sweep.spec.Goal;

/**
 * Optuna's MedianPruner (interval 1): after epoch {@code e > warmupEpochs}, once at least {@code startupTrials}
 * trials have completed (and at least one has), a trial is pruned when its best value so far is worse than the
 * median of the completed trials' values at epoch {@code e}, provided at least {@code minTrials} of them reported
 * epoch {@code e}. The median interpolates linearly between the two middle values (numpy's percentile).
 */
public final class MedianPruner implements Pruner {
  private final Goal goal;
  private final int warmupEpochs;
  private final int minTrials;
  private final int startupTrials;

  public MedianPruner(Goal goal, int warmupEpochs, int minTrials, int startupTrials) {
    if (warmupEpochs < 0 || minTrials < 1 || startupTrials < 0) {
      throw new IllegalArgumentException("warmupEpochs >= 0, minTrials >= 1, startupTrials >= 0");
    }
    this.goal = goal;
    this.warmupEpochs = warmupEpochs;
    this.minTrials = minTrials;
    this.startupTrials = startupTrials;
  }

  @Override
  public Optional<String> check(Curve trial, List<Curve> trials) {
    List<Curve> completed = trials.stream().filter(c -> c.complete() && c.number() != trial.number()).toList();
    int epoch = trial.lastEpoch();
    if (completed.isEmpty() || completed.size() < startupTrials || epoch == 0 || epoch <= warmupEpochs) {
      return Optional.empty();
    }
    List<Double> atEpoch = new ArrayList<>();
    for (Curve c : completed) {
      c.at(epoch).ifPresent(atEpoch::add);
    }
    if (atEpoch.size() < minTrials) {
      return Optional.empty();
    }
    double median = median(atEpoch);
    double best = trial.bestUpTo(epoch, goal).orElseThrow();
    if (goal.better(median, best)) {
      return Optional.of("pruned (median): best " + best + " by epoch " + epoch + " is worse than the median "
          + median + " of " + atEpoch.size() + " completed trial(s) at that epoch");
    }
    return Optional.empty();
  }

  /** The median with linear interpolation between the middle values. */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = 0.5 * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }
}
