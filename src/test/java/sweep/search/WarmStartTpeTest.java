package sweep.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.spec.ParamSpec;

/** TPE warm-started with an earlier sweep's trials, weighted below the sweep's own. */
class WarmStartTpeTest {
  private static final SearchSpace LR = new SearchSpace(
      Map.of("learning_rate", new ParamSpec.LogUniform(1e-5, 1e-2)), List.of());
  private static final double BEST = -3; // log10 of last night's best learning rate

  /** Last night: 30 complete trials spread over the range, scoring best near 1e-3; numbered -30..-1. */
  private static List<Observation> lastNight(double weight) {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double log10 = -5 + 3 * (i + 0.5) / 30;
      double score = Math.exp(-Math.pow((log10 - BEST) / 0.3, 2));
      out.add(new Observation(i - 30, Map.of("learning_rate", Math.pow(10, log10)), Observation.State.COMPLETE,
          score, 5, weight));
    }
    return out;
  }

  /** The first {@code n} proposals of seed 7, each seeing the history and the ones before it as running. */
  private static List<Double> firstProposals(List<Observation> earlier, int n) {
    Sampler tpe = Samplers.create(Method.TPE, LR, Goal.MAXIMIZE, 7);
    List<Observation> history = new ArrayList<>(earlier);
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Map<String, Object> p = tpe.propose(k, history);
      out.add(Math.log10((Double) p.get("learning_rate")));
      history.add(new Observation(k, p, Observation.State.RUNNING, Double.NaN, 0));
    }
    return out;
  }

  @Test
  void warmProposalsDifferFromColdOnesAndGatherNearLastNightsBest() {
    List<Double> cold = firstProposals(List.of(), 8);
    List<Double> warm = firstProposals(lastNight(0.5), 8);
    assertThat(warm).isNotEqualTo(cold);
    assertThat(warm).allMatch(x -> Math.abs(x - BEST) < 0.6, "within 0.6 decades of last night's best");
    assertThat(meanDistance(warm)).isLessThan(meanDistance(cold) / 2);
  }

  @Test
  void theWeightScalesAnEarlierTrialsKernel() {
    Dimension d = Dimension.of("learning_rate", LR.get("learning_rate"));
    double[] xs = {Math.log(1e-4), Math.log(1e-3)};
    ParzenEstimator even = new ParzenEstimator(d, xs, new double[] {1, 1}, 1.0, Double.NaN);
    ParzenEstimator earlierHalf = new ParzenEstimator(d, xs, new double[] {0.5, 1}, 1.0, Double.NaN);
    assertThat(earlierHalf.logPdf(xs[0])).isLessThan(even.logPdf(xs[0]));
    assertThat(earlierHalf.logPdf(xs[1])).isGreaterThan(even.logPdf(xs[1]));
    assertThat(new ParzenEstimator(d, xs, null, 1.0, Double.NaN).logPdf(xs[0])).isEqualTo(even.logPdf(xs[0]));
  }

  @Test
  void anObservationsWeightIsPositiveAndOneByDefault() {
    assertThat(new Observation(0, Map.of(), Observation.State.COMPLETE, 1, 1).weight()).isEqualTo(1.0);
    assertThatThrownBy(() -> new Observation(-1, Map.of(), Observation.State.COMPLETE, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double meanDistance(List<Double> xs) {
    return xs.stream().mapToDouble(x -> Math.abs(x - BEST)).average().orElseThrow();
  }
}
