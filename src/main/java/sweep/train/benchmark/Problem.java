package sweep.train.benchmark;

import java.util.List;
import java.util.Map;

/**
 * An analytic learning curve with a known optimum: the score after {@code epoch} epochs is
 * {@code quality(params) * (1 - exp(-epoch / tau(params)))}, in [0, 1], higher is better.
 */
interface Problem {

  String name();

  /** Parameters the curve reads. */
  List<String> parameters();

  /** Default standard deviation of the Gaussian noise added to reported scores. */
  double defaultNoise();

  double quality(Map<String, Object> params);

  double tau(Map<String, Object> params);

  /** The best noise-free score reachable in {@code epochs} epochs. */
  double optimum(int epochs);

  default double score(Map<String, Object> params, int epoch) {
    return quality(params) * (1 - StrictMath.exp(-epoch / tau(params)));
  }

  static double number(Map<String, Object> params, String name, double fallback) {
    return sweep.train.TrialParams.number(params, name, fallback);
  }
}
