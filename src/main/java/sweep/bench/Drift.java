package sweep.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import sweep.spec.ParamSpec;
import sweep.train.benchmark.BenchmarkCurves;

/**
 * A benchmark problem as it stands the next night: its optimum moved by {@code shift} (a signed fraction, 0.05 in
 * the benchmark) of every continuous parameter's range (in log space for a log range, so 5% in log learning rate)
 * and its level moved by {@code level}. A trial's score is the problem's at the parameters moved back by the shift
 * (clipped to the range), plus the level. Both are drawn from the seed, so both tools see the same drift.
 */
public record Drift(BenchProblem problem, double shift, double level) implements SimulatedSweep.Curves {
  /** How far the optimum moves, as a fraction of each range. */
  public static final double SHIFT = 0.05;
  /** The most the level moves, either way. */
  public static final double LEVEL = 0.01;

  /** Seed {@code seed}'s drift of {@code problem}: the shift's sign and the level drawn from the seed. */
  public static Drift of(BenchProblem problem, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5EED);
    double sign = r.nextBoolean() ? 1 : -1;
    return new Drift(problem, sign * SHIFT, LEVEL * (2 * r.nextDouble() - 1));
  }

  /** The parameters the undrifted problem scores instead of {@code params}. */
  Map<String, Object> source(Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>(params);
    problem.space().forEach((name, spec) -> {
      Object v = params.get(name);
      if (spec instanceof ParamSpec.LogUniform l && v instanceof Number n) {
        double lo = Math.log(l.min());
        double hi = Math.log(l.max());
        double x = Math.log(n.doubleValue()) - shift * (hi - lo);
        out.put(name, Math.exp(Math.max(lo, Math.min(hi, x))));
      } else if (spec instanceof ParamSpec.Uniform u && v instanceof Number n) {
        double x = n.doubleValue() - shift * (u.max() - u.min());
        out.put(name, Math.max(u.min(), Math.min(u.max(), x)));
      }
    });
    return out;
  }

  @Override
  public double noisy(Map<String, Object> params, long trialSeed, int epoch) {
    return BenchmarkCurves.noisy(problem.name(), source(params), BenchmarkCurves.defaultNoise(problem.name()),
        trialSeed, epoch) + level;
  }

  @Override
  public double clean(Map<String, Object> params, int epoch) {
    return BenchmarkCurves.clean(problem.name(), source(params), epoch) + level;
  }

  /**
   * The best noise-free score after {@code epochs} epochs: the problem's own optimum plus the level, unless the
   * shift pushed the optimum out of the range; then the best of a fine grid over the range.
   */
  public double optimum(int epochs) {
    double moved = BenchmarkCurves.optimum(problem.name(), epochs) + level;
    double grid = Double.NEGATIVE_INFINITY;
    int steps = problem.space().size() == 1 ? 4000 : 400;
    for (Map<String, Object> p : grid(steps)) {
      grid = Math.max(grid, clean(p, epochs));
    }
    return grid >= moved - 1e-4 ? moved : grid;
  }

  private java.util.List<Map<String, Object>> grid(int steps) {
    java.util.List<Map<String, Object>> points = new java.util.ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, ParamSpec> e : problem.space().entrySet()) {
      java.util.List<Object> values = new java.util.ArrayList<>();
      if (e.getValue().gridValues() != null) {
        values.addAll(e.getValue().gridValues());
      } else {
        for (int i = 0; i <= steps; i++) {
          values.add(e.getValue().fromUnit(Math.min(i / (double) steps, Math.nextDown(1.0))));
        }
      }
      java.util.List<Map<String, Object>> next = new java.util.ArrayList<>();
      for (Map<String, Object> p : points) {
        for (Object v : values) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          q.put(e.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    return points;
  }
}
