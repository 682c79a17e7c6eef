package sweep.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Quasi-random points of the Sobol sequence (commons-math3), randomised by a Cranley-Patterson shift drawn from
 * the seed: points keep their low discrepancy, and different seeds give different designs. Point 0 of the
 * sequence (the origin) is skipped.
 */
final class SobolSampler implements Sampler {
  private final SearchSpace space;
  private final double[] shift;
  private final List<String> names;

  SobolSampler(SearchSpace space, long seed) {
    this.space = space;
    this.names = space.searchedNames();
    this.shift = new double[names.size()];
    for (int d = 0; d < shift.length; d++) {
      shift[d] = Draws.unit(Draws.key(seed, Draws.Purpose.SOBOL_SHIFT, Draws.name(names.get(d))));
    }
  }

  @Override
  public Map<String, Object> propose(int number, List<Observation> history) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    SobolSequenceGenerator sobol = new SobolSequenceGenerator(names.size());
    double[] point = sobol.skipTo(number + 1);
    for (int d = 0; d < names.size(); d++) {
      double u = point[d] + shift[d];
      u -= StrictMath.floor(u);
      out.put(names.get(d), space.get(names.get(d)).fromUnit(u));
    }
    return out;
  }
}
