package sweep.search;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.math3.random.Well19937c;

/**
 * Independent uniform draws in each parameter's unit coordinate (so log distributions are uniform in log space).
 * Each (seed, trial number, parameter name) has its own generator: adding a parameter or reordering the spec
 * does not change the values of the others, and trials can be drawn in any order.
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
    Well19937c rng = new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, number, nameHash(name)});
    return rng.nextDouble();
  }

  static int nameHash(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
