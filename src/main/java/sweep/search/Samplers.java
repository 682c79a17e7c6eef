package sweep.search;

import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.spec.SweepSpec;

/** Creates the sampler a spec's {@code method} names. */
public final class Samplers {
  private Samplers() {}

  public static Sampler forSpec(SweepSpec spec) {
    SearchSpace space = new SearchSpace(spec);
    return switch (spec.method()) {
      case RANDOM -> new RandomSampler(space, spec.seed());
      case SOBOL -> new SobolSampler(space, spec.seed());
      case GRID -> new GridSampler(space);
      case TPE -> new TpeSampler(space, spec.metric().goal(), spec.seed(), TpeSettings.DEFAULT);
    };
  }

  /** A sampler of {@code method} over {@code space}, for tools that drive samplers without a spec (benchmarks). */
  public static Sampler create(Method method, SearchSpace space, Goal goal, long seed) {
    return switch (method) {
      case RANDOM -> new RandomSampler(space, seed);
      case SOBOL -> new SobolSampler(space, seed);
      case GRID -> new GridSampler(space);
      case TPE -> new TpeSampler(space, goal, seed, TpeSettings.DEFAULT);
    };
  }
}
