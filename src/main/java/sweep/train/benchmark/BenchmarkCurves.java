package sweep.train.benchmark;

import java.util.List;
import java.util.Map;

/**
 * The benchmark problems' learning curves for tools outside a trial (the search benchmark and its peer): exactly
 * the values the {@code benchmark} task reports, with and without its noise, and each problem's optimum.
 */
public final class BenchmarkCurves {
  private BenchmarkCurves() {}

  public static List<String> problems() {
    return List.copyOf(Problems.ALL.keySet());
  }

  /** The reported {@code val_score} of a trial with this seed after {@code epoch} epochs. */
  public static double noisy(String problem, Map<String, Object> params, double noise, long seed, int epoch) {
    return BenchmarkTask.metrics(problem(problem), params, noise, seed, epoch).get("val_score");
  }

  /** The noise-free score after {@code epoch} epochs. */
  public static double clean(String problem, Map<String, Object> params, int epoch) {
    return problem(problem).score(params, epoch);
  }

  /** The best noise-free score reachable in {@code epochs} epochs. */
  public static double optimum(String problem, int epochs) {
    return problem(problem).optimum(epochs);
  }

  public static double defaultNoise(String problem) {
    return problem(problem).defaultNoise();
  }

  private static Problem problem(String name) {
    Problem p = Problems.ALL.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown problem '" + name + "'");
    }
    return p;
  }
}
