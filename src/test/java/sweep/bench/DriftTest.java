package sweep.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.prune.EarlierTrials;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.train.benchmark.BenchmarkCurves;

/** The warm-start benchmark's drifted problems and nights. */
class DriftTest {
  private static final BenchProblem LOG_SENSITIVE = BenchProblem.suite(9).get(0);

  @Test
  void theOptimumMovesFivePercentOfTheLogRangeAndTheLevelAtMostAHundredth() {
    for (long seed = 0; seed < 20; seed++) {
      Drift d = Drift.of(LOG_SENSITIVE, seed);
      assertThat(Math.abs(d.shift())).isEqualTo(Drift.SHIFT);
      assertThat(Math.abs(d.level())).isLessThanOrEqualTo(Drift.LEVEL);
      double lr = 1e-4; // where some point of the range scores s before the drift, the moved point scores s + level
      double moved = Math.exp(Math.log(lr) + d.shift() * Math.log(1e-2 / 1e-5));
      assertThat(d.clean(Map.of("learning_rate", moved), 9))
          .isCloseTo(BenchmarkCurves.clean("log-sensitive", Map.of("learning_rate", lr), 9) + d.level(), within(1e-9));
      assertThat(d.optimum(9)).isLessThanOrEqualTo(BenchmarkCurves.optimum("log-sensitive", 9) + d.level() + 1e-12);
    }
    assertThat(List.of(Drift.of(LOG_SENSITIVE, 0), Drift.of(LOG_SENSITIVE, 0))).allMatch(Drift.of(LOG_SENSITIVE, 0)::equals);
  }

  @Test
  void aWarmNightSeesTheEarlierNightsTrialsAndStartsDifferently() {
    SearchSpace space = new SearchSpace(LOG_SENSITIVE.space(), List.of());
    SimulatedSweep.Result one = SimulatedSweep.run(LOG_SENSITIVE, Samplers.create(Method.TPE, space,
        Goal.MAXIMIZE, 1), null, 1, 2, Integer.MAX_VALUE, 20 * 9);
    EarlierTrials earlier = one.earlier(0.5);
    assertThat(earlier.observationList()).hasSize(one.ended().size()).allMatch(o -> o.number() < 0);
    Drift d = Drift.of(LOG_SENSITIVE, 1);
    SimulatedSweep.Result cold = SimulatedSweep.run(LOG_SENSITIVE, d, Samplers.create(Method.TPE, space,
        Goal.MAXIMIZE, 2), null, 2, 2, Integer.MAX_VALUE, 20 * 9, EarlierTrials.NONE);
    SimulatedSweep.Result warm = SimulatedSweep.run(LOG_SENSITIVE, d, Samplers.create(Method.TPE, space,
        Goal.MAXIMIZE, 2), null, 2, 2, Integer.MAX_VALUE, 20 * 9, earlier);
    assertThat(warm.spent()).isEqualTo(cold.spent());
    assertThat(warm.ended().get(0).params()).isNotEqualTo(cold.ended().get(0).params());
  }
}
