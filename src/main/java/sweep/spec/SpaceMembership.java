package sweep.spec;

import java.util.Map;

/** Whether a value lies inside a searched parameter's range: for initial trials and earlier sweeps' trials. */
public final class SpaceMembership {
  private SpaceMembership() {}

  /** Why {@code value} is outside {@code spec}'s values (a phrase naming them), or null when it is inside. */
  public static String whyOutside(ParamSpec spec, Object value) {
    if (spec instanceof ParamSpec.Categorical c) {
      for (Object v : c.values()) {
        if (v.equals(value) || v instanceof Number a && value instanceof Number b
            && a.doubleValue() == b.doubleValue()) {
          return null;
        }
      }
      return value + " is not one of " + c.values();
    }
    if (spec instanceof ParamSpec.Constant k) {
      return k.value().equals(value) ? null : value + " is not the constant " + k.value();
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      return "expected a number, got '" + value + "'";
    }
    double x = n.doubleValue();
    double[] range = range(spec);
    if (spec instanceof ParamSpec.IntUniform && x != Math.rint(x)) {
      return x + " is not a whole number";
    }
    if (x < range[0] || x > range[1]) {
      return x + " is outside [" + range[0] + ", " + range[1] + "]";
    }
    return null;
  }

  /** {@code value} (inside {@code spec}) as the sampler would give it: a Double for a continuous range, a Long for a whole one. */
  public static Object normalize(ParamSpec spec, Object value) {
    if (value instanceof Number n && !(spec instanceof ParamSpec.Categorical) && !(spec instanceof ParamSpec.Constant)) {
      return spec instanceof ParamSpec.IntUniform ? (Object) n.longValue() : (Object) n.doubleValue();
    }
    if (value instanceof Number n && spec instanceof ParamSpec.Categorical c) {
      for (Object v : c.values()) {
        if (v instanceof Number a && a.doubleValue() == n.doubleValue()) {
          return v;
        }
      }
    }
    return value;
  }

  private static double[] range(ParamSpec spec) {
    if (spec instanceof ParamSpec.Uniform u) {
      return new double[] {u.min(), u.max()};
    }
    if (spec instanceof ParamSpec.LogUniform u) {
      return new double[] {u.min(), u.max()};
    }
    if (spec instanceof ParamSpec.QLogUniform u) {
      return new double[] {u.min(), u.max()};
    }
    if (spec instanceof ParamSpec.QUniform u) {
      return new double[] {u.min(), u.max()};
    }
    if (spec instanceof ParamSpec.IntUniform u) {
      return new double[] {u.min(), u.max()};
    }
    throw new IllegalArgumentException("unknown distribution " + spec);
  }

  /**
   * The first searched parameter of {@code parameters} whose value in {@code params} is missing or outside its
   * range, as "name: why", or null when every one is inside. Parameters {@code params} has beyond them are ignored.
   */
  public static String firstOutside(Map<String, ParamSpec> parameters, Map<String, Object> params) {
    for (Map.Entry<String, ParamSpec> e : parameters.entrySet()) {
      if (!e.getValue().searched()) {
        continue;
      }
      Object v = params.get(e.getKey());
      String why = v == null ? "missing" : whyOutside(e.getValue(), v);
      if (why != null) {
        return e.getKey() + ": " + why;
      }
    }
    return null;
  }
}
