package sweep.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.spec.Method;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.testing.Independence;
import sweep.train.TaskTypes;

/**
 * Random search must search the space, not a curve in it: over 10,000 trials of the nightly LayoutLM spec's six
 * parameters, for seeds 0 to 4, every pair of parameters is independent (|Spearman rho| < 0.03, chi-square on rank
 * deciles p > 1e-3), for the random sampler, the Sobol sampler and TPE's start-up trials.
 */
class DrawIndependenceTest {
  private static final int DRAWS = 10_000;

  @ParameterizedTest(name = "{0}, seed {1}")
  @CsvSource({"random, 0", "random, 1", "random, 2", "random, 3", "random, 4", "sobol, 0", "sobol, 1", "sobol, 2",
      "sobol, 3", "sobol, 4", "tpe, 0", "tpe, 1", "tpe, 2", "tpe, 3", "tpe, 4"})
  void everyPairOfParametersIsIndependent(String method, long seed) {
    SweepSpec nightly = new SpecLoader(Map.of(), TaskTypes.all()).load(Path.of("sweeps/layoutlm.yaml"));
    SearchSpace space = new SearchSpace(nightly);
    List<String> names = space.searchedNames();
    assertThat(names).hasSize(6);
    Sampler sampler = Samplers.create(Method.valueOf(method.toUpperCase(Locale.ROOT)), space,
        nightly.metric().goal(), seed);
    double[][] columns = new double[names.size()][DRAWS];
    for (int n = 0; n < DRAWS; n++) {
      Map<String, Object> draw = sampler.propose(n, List.of());
      for (int i = 0; i < names.size(); i++) {
        columns[i][n] = ((Number) draw.get(names.get(i))).doubleValue();
      }
    }
    Independence.assertPairwise(method + " seed " + seed, names, columns, 0.03, 1e-3);
  }
}
