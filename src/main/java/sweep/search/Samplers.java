package sweep.search;

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
    };
  }
}
