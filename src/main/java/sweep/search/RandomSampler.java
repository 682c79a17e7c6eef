package sweep.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Independent uniform draws in each parameter's unit coordinate (so log distributions are uniform in log space).
 * Each (seed, trial number, parameter name) has its own {@link Draws} stream: adding a parameter or reordering the
 * spec does not change the values of the others, trials can be drawn in any order, and the values of different
 * parameters and trials are independent.
 */
final class RandomSampler implements Sampler {
  private final SearchSpace space;
  private final long seed;

  RandomSampler(SearchSpace space, long seed) {
    this.space = space;
    this.seed = seed;
  }

  @Override
  public Map<String, Object> propose(int number, List<Observation> history) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : space.searchedNames()) {
      out.put(name, space.get(name).fromUnit(unit(seed, number, name)));
    }
    return out;
  }

  /** A uniform number in [0, 1) determined by seed, trial number and parameter name alone. */
  static double unit(long seed, int number, String name) {
    return Draws.unit(Draws.key(seed, Draws.Purpose.PARAMETER, number, Draws.name(name)));
  }
}
