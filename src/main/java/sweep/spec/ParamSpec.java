package sweep.spec;

import java.util.List;

/**
 * One searched (or constant) parameter, W&B style. Every variant that is searched maps a unit coordinate
 * {@code u} in [0, 1) onto its domain, so random, quasi-random and grid samplers share one mapping. Values are
 * Long, Double, Boolean or String. All arithmetic uses StrictMath so a seed gives the same values everywhere.
 */
public sealed interface ParamSpec {

  /** Whether a sampler draws this parameter (false for constants). */
  default boolean searched() {
    return true;
  }

  /** The value at unit coordinate {@code u} in [0, 1). */
  Object fromUnit(double u);

  /** Every value in order, for grid search, or null for a continuous distribution. */
  default java.util.List<Object> gridValues() {
    return null;
  }

  /** A fixed value ({@code value: x}). */
  record Constant(Object value) implements ParamSpec {
    @Override public boolean searched() { return false; }
    @Override public Object fromUnit(double u) { return value; }
    @Override public List<Object> gridValues() { return List.of(value); }
  }

  /**
   * One of a list ({@code values: [...]} or {@code distribution: categorical}), each equally likely, or with W&B's
   * {@code probabilities} (null: equally likely) the first value whose cumulative probability exceeds {@code u}.
   */
  record Categorical(List<Object> values, List<Double> probabilities) implements ParamSpec {
    public Categorical {
      values = List.copyOf(values);
      probabilities = probabilities == null ? null : List.copyOf(probabilities);
    }
    public Categorical(List<Object> values) {
      this(values, null);
    }
    @Override public Object fromUnit(double u) {
      if (probabilities != null) {
        double cumulative = 0;
        for (int i = 0; i < values.size() - 1; i++) {
          cumulative += probabilities.get(i);
          if (u < cumulative) {
            return values.get(i);
          }
        }
        return values.get(values.size() - 1);
      }
      return values.get(Math.min(values.size() - 1, (int) (u * values.size())));
    }
    @Override public List<Object> gridValues() { return values; }
  }

  /**
   * A distribution defined by its quantile function, as W&B defines the rest of its distributions (normal, beta,
   * log_uniform with natural-log bounds, ...): {@link #fromUnit} is the quantile function, {@link #toUnit} the CDF.
   */
  non-sealed interface Mapped extends ParamSpec {
    /** The CDF at {@code value} (a number this distribution gives), in [0, 1]. */
    double toUnit(Object value);

    /** Bounds of its values for reports: the support, or its 0.1% and 99.9% quantiles when unbounded. */
    double[] span();
  }

  /** Uniform on [min, max]. */
  record Uniform(double min, double max) implements ParamSpec {
    @Override public Object fromUnit(double u) { return min + u * (max - min); }
  }

  /** Log-uniform on [min, max] (W&B {@code log_uniform_values}): uniform in log space. */
  record LogUniform(double min, double max) implements ParamSpec {
    @Override public Object fromUnit(double u) {
      double lo = StrictMath.log(min);
      double hi = StrictMath.log(max);
      return StrictMath.min(max, StrictMath.max(min, StrictMath.exp(lo + u * (hi - lo))));
    }
  }

  /** A whole number on [min, max], both included. */
  record IntUniform(long min, long max) implements ParamSpec {
    @Override public Object fromUnit(double u) {
      return Math.min(max, min + (long) StrictMath.floor(u * (max - min + 1)));
    }
    @Override public List<Object> gridValues() {
      return java.util.stream.LongStream.rangeClosed(min, max).limit(1_000_001).boxed().map(v -> (Object) v).toList();
    }
  }

  /** {@code round(uniform(min, max) / q) * q}; a whole number when min, max and q all are. */
  record QUniform(double min, double max, double q) implements ParamSpec {
    @Override public Object fromUnit(double u) {
      return quantize(min + u * (max - min), q, min, max);
    }
    @Override public List<Object> gridValues() {
      long steps = (long) StrictMath.floor((max - min) / q + 1e-9);
      java.util.List<Object> out = new java.util.ArrayList<>();
      for (long k = 0; k <= steps && k <= 1_000_000; k++) {
        out.add(quantize(min + k * q, q, min, max));
      }
      return out;
    }
  }

  /** {@code round(log_uniform(min, max) / q) * q}; a whole number when min, max and q all are. */
  record QLogUniform(double min, double max, double q) implements ParamSpec {
    @Override public Object fromUnit(double u) {
      double lo = StrictMath.log(min);
      double hi = StrictMath.log(max);
      return quantize(StrictMath.exp(lo + u * (hi - lo)), q, min, max);
    }
  }

  /**
   * {@code x} rounded to a multiple of {@code q}, kept in [min, max]: a multiple that rounding put outside (at most
   * half a step) is replaced by its neighbour inside, which exists because the loader requires q <= max - min; a
   * value out only by floating-point error is clamped.
   */
  private static Object quantize(double x, double q, double min, double max) {
    double v = StrictMath.rint(x / q) * q;
    double slack = q * 1e-9;
    if (v < min - slack) {
      v += q;
    } else if (v > max + slack) {
      v -= q;
    }
    v = Math.min(max, Math.max(min, v));
    if (isWhole(q) && isWhole(min) && isWhole(max)) {
      return (long) v;
    }
    return v;
  }

  private static boolean isWhole(double d) {
    return d == StrictMath.rint(d);
  }
}
