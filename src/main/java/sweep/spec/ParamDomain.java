package sweep.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What values a task can take for one of its parameters, checked when the spec loads so a bad value is a spec error
 * naming its line rather than a trial that fails at run time. Every value the spec can produce is checked: a
 * constant, each of a list, both bounds of a distribution, and whether the distribution gives whole numbers.
 */
public enum ParamDomain {
  /** Any finite number. */
  REAL("a finite number"),
  /** A finite number of 0 or more (a decay, a ratio). */
  NON_NEGATIVE("a finite number of 0 or more"),
  /** A finite number above 0 (a rate). */
  POSITIVE("a finite number above 0"),
  /** A whole number of at least 1 (a batch size, a count of steps). */
  COUNT("a whole number of at least 1");

  private final String what;

  ParamDomain(String what) {
    this.what = what;
  }

  /**
   * Checks parameter {@code name} under {@code parameters} (the spec's {@code parameters} mapping) for the task
   * {@code reader} (named in the error); a parameter not listed there (derived by a fixed product, which gives whole
   * numbers, or absent) is not checked, nor one the loader itself rejects.
   *
   * @throws SpecException at the first value outside the domain
   */
  public void check(SpecNode parameters, String name, String reader) {
    Optional<SpecNode> param = parameters.get(name);
    if (param.isEmpty() || !param.get().isMapping()) {
      return;
    }
    Map<String, SpecNode> keys = param.get().entries();
    if (keys.containsKey("value")) {
      checkValue(keys.get("value"), name, reader, true);
    }
    if (keys.containsKey("values") && keys.get("values").isSequence()) {
      for (SpecNode item : keys.get("values").items()) {
        checkValue(item, name, reader, true);
      }
    }
    for (String bound : List.of("min", "max")) {
      if (keys.containsKey(bound)) {
        checkValue(keys.get(bound), name, reader, false);
      }
    }
    if (this == COUNT && keys.containsKey("distribution") && keys.get("distribution").isScalar()) {
      String dist = keys.get("distribution").asString();
      if (dist.equals("uniform") || dist.equals("log_uniform_values")) {
        throw keys.get("distribution").error(reader + " reads " + name + " as " + what + ", which " + dist
            + " does not give: use int_uniform, values, or q_uniform with a whole q");
      }
      if (keys.containsKey("q")) {
        checkValue(keys.get("q"), name, reader, false);
      }
    }
  }

  /**
   * @param typed whether the value is the parameter's value as YAML types it (a quoted "8" is text), as
   *     {@code value} and {@code values} are; bounds are read as numbers, quoted or not, as the loader reads them
   */
  private void checkValue(SpecNode n, String name, String reader, boolean typed) {
    if (!n.isScalar()) {
      return; // the loader says what is wrong with it
    }
    Object v;
    try {
      v = typed ? n.asValue() : number(n.asString());
    } catch (SpecException e) {
      v = n.asString(); // not finite
    }
    boolean ok = v instanceof Number num && switch (this) {
      case REAL -> Double.isFinite(num.doubleValue());
      case NON_NEGATIVE -> Double.isFinite(num.doubleValue()) && num.doubleValue() >= 0;
      case POSITIVE -> Double.isFinite(num.doubleValue()) && num.doubleValue() > 0;
      case COUNT -> num instanceof Long l ? l >= 1
          : Double.isFinite(num.doubleValue()) && num.doubleValue() >= 1 && num.doubleValue() == Math.rint(num.doubleValue());
    };
    if (!ok) {
      throw n.error(reader + " reads " + name + " as " + what + ", got '" + n.asString() + "'");
    }
  }

  /** {@code text} as a number (Long when whole in form), or the text itself if it is none. */
  private static Object number(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException notANumber) {
        return text;
      }
    }
  }
}
