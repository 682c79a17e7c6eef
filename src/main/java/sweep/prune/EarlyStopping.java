package sweep.prune;

import java.util.List;
import java.util.Optional;
import sweep.spec.Goal;

/**
 * In-trial early stopping with the Hugging Face Trainer's semantics (EarlyStoppingCallback): after each
 * evaluation, the patience counter resets when the metric beats the best so far by more than
 * {@code threshold}, and grows otherwise; training stops once the counter reaches {@code patience}. The best so
 * far moves on any strict improvement, even one within the threshold. A patience of 0 never stops.
 *
 * <p>It is a pure function of the metric history, so a resumed trial decides exactly as an uninterrupted one.
 */
public final class EarlyStopping {
  private final Goal goal;
  private final int patience;
  private final double threshold;

  public EarlyStopping(Goal goal, int patience, double threshold) {
    if (patience < 0 || threshold < 0) {
      throw new IllegalArgumentException("patience and threshold must be >= 0");
    }
    this.goal = goal;
    this.patience = patience;
    this.threshold = threshold;
  }

  /** Why to stop after the last value of {@code history} (one value per evaluation, in order), or empty. */
  public Optional<String> check(List<Double> history) {
    if (patience == 0 || history.isEmpty()) {
      return Optional.empty();
    }
    Double best = null;
    int counter = 0;
    for (double v : history) {
      if (best == null || (goal.better(v, best) && Math.abs(v - best) > threshold)) {
        counter = 0;
      } else {
        counter++;
      }
      if (best == null || goal.better(v, best)) {
        best = v;
      }
    }
    if (counter >= patience) {
      return Optional.of("early stopping: no improvement greater than " + threshold + " for " + counter
          + " evaluation(s) (patience " + patience + ", best " + best + ")");
    }
    return Optional.empty();
  }
}
