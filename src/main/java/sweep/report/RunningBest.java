package sweep.report;

import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;

/**
 * The best value of the sweep metric seen so far, under the sweep's goal, kept apart for the search and the
 * retrain: the search's best never gets worse (a value only replaces it when it is better) and the retrain does
 * not reset it.
 */
final class RunningBest {
  /** A best value and the label of the trial that reached it (null when not known). */
  record Best(double value, String trial) {}

  private final Goal goal;
  private Best search;
  private Best retrain;

  RunningBest(Goal goal) {
    this.goal = goal;
  }

  /** Takes the trial's best value, and {@code phaseBest} (the best of its phase as reported; may be null). */
  void offer(TrialRecord t, Double phaseBest) {
    if (t.phase() == Phase.RETRAIN) {
      retrain = better(retrain, t.bestValue(), t.label());
      return;
    }
    search = better(search, t.bestValue(), t.label());
    search = better(search, phaseBest, null);
  }

  private Best better(Best incumbent, Double candidate, String trial) {
    if (candidate == null || candidate.isNaN()) {
      return incumbent;
    }
    return incumbent == null || goal.better(candidate, incumbent.value()) ? new Best(candidate, trial) : incumbent;
  }

  /** The best search value so far, or null before any. */
  Best search() {
    return search;
  }

  /** The retrain's best so far, or null before it reports. */
  Best retrain() {
    return retrain;
  }
}
