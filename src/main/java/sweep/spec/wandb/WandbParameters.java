package sweep.spec.wandb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.spec.ParamSpec;
import sweep.spec.SpecNode;

/**
 * The parameter forms of W&B's sweep configuration that sweep's own distributions do not cover: the distributions
 * of {@link WandbDistribution}, {@code probabilities} of a categorical, and the refusal of nested
 * {@code parameters}.
 */
public final class WandbParameters {
  /** Distributions read here (the loader reads uniform, int_uniform, q_uniform, the *_values forms, categorical). */
  public static final List<String> DISTRIBUTIONS = List.of("log_uniform", "q_log_uniform", "inv_log_uniform",
      "inv_log_uniform_values", "normal", "q_normal", "log_normal", "q_log_normal", "beta", "q_beta");
  /** Parameter keys besides value, values, distribution, min, max and q. */
  public static final List<String> KEYS = List.of("mu", "sigma", "a", "b", "probabilities", "parameters");

  private WandbParameters() {}

  /**
   * Refuses what no distribution reads: nested {@code parameters}, and a shape key ({@code mu}, {@code sigma},
   * {@code a}, {@code b}, {@code probabilities}) that {@code dist} (null: inferred) does not take.
   */
  public static void check(Map<String, SpecNode> keys, String dist) {
    if (keys.containsKey("parameters")) {
      throw keys.get("parameters").errorAtKey("nested 'parameters' is not supported: give each parameter at the top"
          + " level of parameters");
    }
    String base = dist == null ? "" : dist.replaceFirst("^q_", "");
    for (String key : List.of("mu", "sigma")) {
      if (keys.containsKey(key) && !base.equals("normal") && !base.equals("log_normal")) {
        throw keys.get(key).errorAtKey("'" + key + "' applies only to the normal and log_normal distributions");
      }
    }
    for (String key : List.of("a", "b")) {
      if (keys.containsKey(key) && !base.equals("beta")) {
        throw keys.get(key).errorAtKey("'" + key + "' applies only to the beta distributions");
      }
    }
    if (keys.containsKey("probabilities") && !keys.containsKey("values")) {
      throw keys.get("probabilities").errorAtKey("'probabilities' goes with 'values'");
    }
  }

  /** {@code values} drawn with W&B's {@code probabilities} (one each, summing to 1), or equally likely. */
  public static ParamSpec.Categorical categorical(List<Object> values, SpecNode probabilities) {
    if (probabilities == null) {
      return new ParamSpec.Categorical(values);
    }
    List<SpecNode> items = probabilities.items();
    if (items.size() != values.size()) {
      throw probabilities.error("lists " + items.size() + " probabilities for " + values.size() + " values");
    }
    List<Double> out = new ArrayList<>();
    double sum = 0;
    for (SpecNode item : items) {
      double p = item.asDouble();
      if (!(p >= 0 && p <= 1)) {
        throw item.error("a probability is between 0 and 1, got " + item.asString());
      }
      out.add(p);
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw probabilities.error("the probabilities sum to " + sum + ", not 1");
    }
    return new ParamSpec.Categorical(values, out);
  }

  /** The parameter {@code node} of distribution {@code dist}, one of {@link #DISTRIBUTIONS}. */
  public static ParamSpec parse(SpecNode node, String dist, Map<String, SpecNode> keys) {
    String base = dist.replaceFirst("^q_", "");
    boolean quantized = dist.startsWith("q_");
    double q = 1;
    boolean wholeQ = true;
    if (keys.containsKey("q")) {
      if (!quantized) {
        throw keys.get("q").errorAtKey("'q' applies only to the q_ distributions, not " + dist);
      }
      q = keys.get("q").asDouble();
      wholeQ = keys.get("q").asValue() instanceof Long;
      if (!(q > 0)) {
        throw keys.get("q").error("must be greater than 0, got " + keys.get("q").asString());
      }
    }
    double min = 0;
    double max = 1;
    double mu = 0;
    double sigma = 1;
    double a = 1;
    double b = 1;
    switch (base) {
      case "normal", "log_normal" -> {
        refuse(keys, dist, "min", "max");
        mu = number(keys, "mu", 0);
        sigma = number(keys, "sigma", 1);
        if (!(sigma > 0)) {
          throw keys.get("sigma").error("must be greater than 0, got " + keys.get("sigma").asString());
        }
      }
      case "beta" -> {
        refuse(keys, dist, "min", "max");
        a = number(keys, "a", 1);
        b = number(keys, "b", 1);
        for (String key : List.of("a", "b")) {
          if (keys.containsKey(key) && !(keys.get(key).asDouble() > 0)) {
            throw keys.get(key).error("must be greater than 0, got " + keys.get(key).asString());
          }
        }
      }
      default -> {
        min = node.require("min").asDouble();
        max = node.require("max").asDouble();
        if (!(min < max) || !Double.isFinite(max - min)) {
          throw keys.get("min").error("min (" + keys.get("min").asString() + ") must be less than max ("
              + keys.get("max").asString() + ")");
        }
        if (base.equals("inv_log_uniform_values") && min <= 0) {
          throw keys.get("min").error("inv_log_uniform_values needs min > 0, got " + keys.get("min").asString());
        }
      }
    }
    return new WandbDistribution(dist, min, max, mu, sigma, a, b, q, wholeQ);
  }

  private static void refuse(Map<String, SpecNode> keys, String dist, String... names) {
    for (String name : names) {
      if (keys.containsKey(name)) {
        throw keys.get(name).errorAtKey("'" + name + "' does not apply to " + dist);
      }
    }
  }

  private static double number(Map<String, SpecNode> keys, String key, double fallback) {
    if (!keys.containsKey(key)) {
      return fallback;
    }
    double v = keys.get(key).asDouble();
    if (!Double.isFinite(v)) {
      throw keys.get(key).error("must be a finite number, got " + keys.get(key).asString());
    }
    return v;
  }
}
