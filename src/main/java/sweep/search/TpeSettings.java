package sweep.search;

/**
 * TPE's knobs, with Optuna's defaults: {@code startupTrials} random trials first, {@code candidates} draws from
 * the good-trials estimator per parameter, the best {@code gamma(n) = min(ceil(0.1 n), 25)} of n observations are
 * the good ones, the prior counts as {@code priorWeight} observations. With {@code constantLiar}, trials still
 * running count as the worst observations, so parallel proposals spread out instead of piling onto one point.
 */
public record TpeSettings(int startupTrials, int candidates, double priorWeight, boolean constantLiar) {

  public static final TpeSettings DEFAULT = new TpeSettings(10, 24, 1.0, true);

  public TpeSettings {
    if (startupTrials < 0 || candidates < 1 || !(priorWeight > 0)) {
      throw new IllegalArgumentException("startupTrials >= 0, candidates >= 1, priorWeight > 0");
    }
  }

  /** How many of {@code n} observations are the good ones. */
  public int gamma(int n) {
    return Math.min((int) StrictMath.ceil(0.1 * n), 25);
  }
}
