package sweep.search;

import java.util.List;
import sweep.spec.ParamSpec;

/**
 * One searched parameter as TPE sees it: a continuous interval (log distributions in log space), a discrete grid
 * of step {@code step} (whole numbers, {@code q_uniform}), or a categorical index. {@code low} and {@code high}
 * bound the internal coordinate; discrete dimensions extend half a step beyond their ends, as Optuna does.
 */
record Dimension(String name, ParamSpec spec, Kind kind, double low, double high, double step, int choices) {

  enum Kind { CONTINUOUS, DISCRETE, CATEGORICAL }

  static Dimension of(String name, ParamSpec spec) {
    if (spec instanceof ParamSpec.Categorical c) {
      return new Dimension(name, spec, Kind.CATEGORICAL, 0, c.values().size(), 1, c.values().size());
    }
    if (spec instanceof ParamSpec.Uniform u) {
      return new Dimension(name, spec, Kind.CONTINUOUS, u.min(), u.max(), 0, 0);
    }
    if (spec instanceof ParamSpec.LogUniform l) {
      return new Dimension(name, spec, Kind.CONTINUOUS, StrictMath.log(l.min()), StrictMath.log(l.max()), 0, 0);
    }
    if (spec instanceof ParamSpec.QLogUniform l) {
      return new Dimension(name, spec, Kind.CONTINUOUS, StrictMath.log(l.min()), StrictMath.log(l.max()), 0, 0);
    }
    if (spec instanceof ParamSpec.IntUniform i) {
      return new Dimension(name, spec, Kind.DISCRETE, i.min() - 0.5, i.max() + 0.5, 1, 0);
    }
    if (spec instanceof ParamSpec.QUniform q) {
      return new Dimension(name, spec, Kind.DISCRETE, q.min() - q.q() / 2, q.max() + q.q() / 2, q.q(), 0);
    }
    if (spec instanceof ParamSpec.Mapped) {
      return new Dimension(name, spec, Kind.CONTINUOUS, 0, 1, 0, 0); // in the CDF's coordinate
    }
    throw new IllegalArgumentException(name + " is not searched");
  }

  private boolean logScale() {
    return spec instanceof ParamSpec.LogUniform || spec instanceof ParamSpec.QLogUniform;
  }

  /** The internal coordinate of a parameter value, or NaN when the value is not in this dimension. */
  double toInternal(Object value) {
    if (kind == Kind.CATEGORICAL) {
      List<Object> values = ((ParamSpec.Categorical) spec).values();
      for (int i = 0; i < values.size(); i++) {
        if (same(values.get(i), value)) {
          return i;
        }
      }
      return Double.NaN;
    }
    if (!(value instanceof Number n)) {
      return Double.NaN;
    }
    if (spec instanceof ParamSpec.Mapped m) {
      return m.toUnit(value);
    }
    double x = n.doubleValue();
    if (logScale()) {
      x = x > 0 ? StrictMath.log(x) : Double.NaN;
    }
    return Math.max(low, Math.min(high, x));
  }

  /** The parameter value at an internal coordinate: rounded to the grid, mapped back from log space, clipped. */
  Object fromInternal(double x) {
    if (kind == Kind.CATEGORICAL) {
      return ((ParamSpec.Categorical) spec).values().get((int) x);
    }
    if (spec instanceof ParamSpec.IntUniform i) {
      return Math.max(i.min(), Math.min(i.max(), (long) StrictMath.rint(x)));
    }
    if (spec instanceof ParamSpec.QUniform q) {
      double u = (x - q.min()) / (q.max() - q.min());
      return spec.fromUnit(Math.max(0, Math.min(Math.nextDown(1.0), u)));
    }
    double u = (x - low) / (high - low);
    return spec.fromUnit(Math.max(0, Math.min(Math.nextDown(1.0), u)));
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a.equals(b);
  }
}
