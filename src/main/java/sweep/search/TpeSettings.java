package sweep.search;

/**
 * TPE's knobs, with Optuna's defaults: {@code startupTrials} random trials first, {@code candidates} draws from
 * the good-trials estimator per parameter, the prior counts as {@code priorWeight} observations. With
 * {@code constantLiar}, trials still running count as the worst observations, so parallel proposals spread out
 * instead of piling onto one point. How many observations are the good ones is {@link #gamma(int, int)}: unlike
 * Optuna's {@code min(ceil(0.1 n), 25)}, a complete trial counts twice what a pruned one does. With
 * {@code multivariate} (Optuna's {@code multivariate=True}, off by default there, on here) two or more searched
 * parameters are modelled jointly, so a good learning rate stays paired with the batch size it was good with.
 */
public record TpeSettings(int startupTrials, int candidates, double priorWeight, boolean constantLiar,
    boolean multivariate) {

  public static final TpeSettings DEFAULT = new TpeSettings(10, 24, 1.0, true, true);

  public TpeSettings {
    if (startupTrials < 0 || candidates < 1 || !(priorWeight > 0)) {
      throw new IllegalArgumentException("startupTrials >= 0, candidates >= 1, priorWeight > 0");
    }
  }

  /**
   * How many observations are the good ones, of {@code complete} complete and {@code pruned} pruned trials:
   * {@code min(ceil(0.2 complete + 0.1 pruned), 25)}, worked out in whole numbers so that no rounding moves it.
   * Optuna takes a tenth of all trials; a fifth of the complete ones gives the good-trials estimator twice the
   * points while trials run to the end (12 instead of 6 after 60), so it follows where the good region is rather
   * than the noise of its few best values. A pruned trial's value is a partial run's, and counts at Optuna's rate.
   * docs/architecture.md gives what this changed on the search benchmark.
   */
  public int gamma(int complete, int pruned) {
    if (complete < 0 || pruned < 0) {
      throw new IllegalArgumentException("complete and pruned must be >= 0");
    }
    return (int) Math.min((2L * complete + pruned + 9) / 10, 25);
  }
}
