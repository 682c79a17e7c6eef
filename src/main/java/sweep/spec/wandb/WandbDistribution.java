package sweep.spec.wandb;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import sweep.spec.ParamSpec;

/**
 * A W&B distribution that sweep's own variants do not cover, sampled as wandb/sweeps samples it: the quantile
 * function of the distribution at a uniform number, rounded to a multiple of {@code q} for the {@code q_} forms
 * (a whole number when {@code q} is written as one, W&B's default 1 included). Nothing is clipped, as in W&B.
 *
 * <ul>
 *   <li>{@code log_uniform}: {@code exp(uniform(min, max))}, the bounds natural logs of the values;
 *   <li>{@code q_log_uniform}: the same, rounded;
 *   <li>{@code inv_log_uniform}: {@code exp(-uniform(min, max))};
 *   <li>{@code inv_log_uniform_values}: values in [min, max] whose inverse is log-uniform;
 *   <li>{@code normal}, {@code q_normal}: mean {@code mu} (0), standard deviation {@code sigma} (1);
 *   <li>{@code log_normal}, {@code q_log_normal}: {@code exp(normal(mu, sigma))};
 *   <li>{@code beta}, {@code q_beta}: shape {@code a} (1) and {@code b} (1).
 * </ul>
 */
public record WandbDistribution(String distribution, double min, double max, double mu, double sigma, double a,
    double b, double q, boolean wholeQ) implements ParamSpec.Mapped {

  /** The quantile function's argument is kept this far inside (0, 1), so unbounded distributions stay finite. */
  private static final double EDGE = 1e-12;

  private double continuous(double u) {
    double p = Math.min(1 - EDGE, Math.max(EDGE, u));
    return switch (base()) {
      case "log_uniform" -> StrictMath.exp(min + u * (max - min));
      case "inv_log_uniform" -> StrictMath.exp(-(min + (1 - u) * (max - min)));
      case "inv_log_uniform_values" -> StrictMath.exp(-(-StrictMath.log(max)
          + (1 - u) * (StrictMath.log(max) - StrictMath.log(min))));
      case "normal" -> normal().inverseCumulativeProbability(p);
      case "log_normal" -> StrictMath.exp(normal().inverseCumulativeProbability(p));
      case "beta" -> new BetaDistribution(null, a, b).inverseCumulativeProbability(u);
      default -> throw new IllegalStateException(distribution);
    };
  }

  private NormalDistribution normal() {
    return new NormalDistribution(null, mu, sigma);
  }

  /** The distribution without its {@code q_}: what is sampled before rounding. */
  private String base() {
    return distribution.startsWith("q_") ? distribution.substring(2) : distribution;
  }

  @Override
  public Object fromUnit(double u) {
    double x = continuous(u);
    if (!distribution.startsWith("q_")) {
      return x;
    }
    double r = StrictMath.rint(x / q) * q;
    return wholeQ ? (Object) (long) r : (Object) r;
  }

  @Override
  public double toUnit(Object value) {
    double x = ((Number) value).doubleValue();
    double u = switch (base()) {
      case "log_uniform" -> (StrictMath.log(x) - min) / (max - min);
      case "inv_log_uniform" -> 1 - (-StrictMath.log(x) - min) / (max - min);
      case "inv_log_uniform_values" -> (StrictMath.log(x) - StrictMath.log(min))
          / (StrictMath.log(max) - StrictMath.log(min));
      case "normal" -> normal().cumulativeProbability(x);
      case "log_normal" -> x > 0 ? normal().cumulativeProbability(StrictMath.log(x)) : 0;
      case "beta" -> new BetaDistribution(null, a, b).cumulativeProbability(x);
      default -> throw new IllegalStateException(distribution);
    };
    return Double.isNaN(u) ? 0 : Math.min(1, Math.max(0, u));
  }

  @Override
  public double[] span() {
    boolean unbounded = base().equals("normal") || base().equals("log_normal");
    double lo = unbounded ? 0.001 : 0;
    double hi = unbounded ? 0.999 : Math.nextDown(1.0);
    double x = ((Number) fromUnit(lo)).doubleValue();
    double y = ((Number) fromUnit(hi)).doubleValue();
    return new double[] {Math.min(x, y), Math.max(x, y)};
  }
}
