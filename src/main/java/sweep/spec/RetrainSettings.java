package sweep.spec;

/** The retrain of the best parameters after the search: its epoch budget (0: no retrain) and early stopping. */
public record RetrainSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold) {
  public boolean enabled() {
    return epochs > 0;
  }
}
