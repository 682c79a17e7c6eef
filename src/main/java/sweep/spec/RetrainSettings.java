package sweep.spec;

import java.time.Duration;

/**
 * The retrain of the best parameters after the search: its epoch budget (0: no retrain), early stopping, and a
 * bound on its wall time ({@code timeout}, null for none).
 */
public record RetrainSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold,
    Duration timeout) {
  public RetrainSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold) {
    this(epochs, earlyStoppingPatience, earlyStoppingThreshold, null);
  }

  public boolean enabled() {
    return epochs > 0;
  }
}
