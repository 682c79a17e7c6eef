package sweep.train.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.search.Seeds;
import sweep.testing.Independence;

/**
 * The benchmark's noise must be noise: over 10,000 trials of a sweep seed (0 to 4), the noise each trial reports at
 * epochs 1 to 6 is independent between every pair of epochs, so no epoch's value predicts another's.
 */
class BenchmarkNoiseTest {
  private static final int TRIALS = 10_000;
  private static final int EPOCHS = 6;

  @ParameterizedTest(name = "sweep seed {0}")
  @ValueSource(longs = {0, 1, 2, 3, 4})
  void noiseOfEveryPairOfEpochsIsIndependent(long sweepSeed) {
    Map<String, Object> params = Map.of("learning_rate", 1e-3);
    double[][] noise = new double[EPOCHS][TRIALS];
    List<String> names = new ArrayList<>();
    for (int e = 1; e <= EPOCHS; e++) {
      names.add("epoch " + e);
      for (int n = 0; n < TRIALS; n++) {
        long seed = Seeds.trial(sweepSeed, n);
        noise[e - 1][n] = BenchmarkCurves.noisy("noisy", params, 0.01, seed, e)
            - BenchmarkCurves.clean("noisy", params, e);
      }
    }
    Independence.assertPairwise("benchmark noise, sweep seed " + sweepSeed, names, noise, 0.03, 1e-3);
  }
}
