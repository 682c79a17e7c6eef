package sweep.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import sweep.spec.FixedProduct;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.spec.ParamSpec;

class TpeSamplerTest {
  private static final SearchSpace LR = new SearchSpace(
      Map.of("learning_rate", new ParamSpec.LogUniform(1e-5, 1e-2)), List.<FixedProduct>of());

  /** A narrow optimum at 3e-4 in log space (higher is better). */
  private static double score(Map<String, Object> p) {
    double z = (Math.log10((Double) p.get("learning_rate")) - Math.log10(3e-4)) / 0.3;
    return Math.exp(-z * z);
  }

  private static Sampler tpe(SearchSpace space, long seed) {
    return Samplers.create(Method.TPE, space, Goal.MAXIMIZE, seed);
  }

  /** Runs {@code n} trials one after another, each told the complete history; returns the best score. */
  private static double sequential(Sampler s, int n, ToDoubleFunction<Map<String, Object>> f, List<Observation> h) {
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = s.propose(i, h);
      double v = f.applyAsDouble(p);
      h.add(new Observation(i, p, Observation.State.COMPLETE, v, 3));
      best = Math.max(best, v);
    }
    return best;
  }

  @Test
  void theFirstTrialsAreTheRandomSamplersAndThenTpeTakesOver() {
    Sampler random = Samplers.create(Method.RANDOM, LR, Goal.MAXIMIZE, 5);
    List<Observation> h = new ArrayList<>();
    sequential(tpe(LR, 5), 10, TpeSamplerTest::score, h);
    for (int i = 0; i < 10; i++) {
      assertThat(h.get(i).params()).isEqualTo(random.propose(i, List.of()));
    }
    assertThat(tpe(LR, 5).propose(10, h)).isNotEqualTo(random.propose(10, List.of()));
  }

  @Test
  void aProposalIsAPureFunctionOfSeedNumberAndHistory() {
    List<Observation> h = new ArrayList<>();
    sequential(tpe(LR, 5), 20, TpeSamplerTest::score, h);
    Map<String, Object> once = tpe(LR, 5).propose(20, h);
    List<Observation> reversed = new ArrayList<>(h);
    java.util.Collections.reverse(reversed);
    assertThat(tpe(LR, 5).propose(20, reversed)).isEqualTo(once);
    assertThat(tpe(LR, 6).propose(20, h)).isNotEqualTo(once);
    assertThat(tpe(LR, 5).propose(21, h)).isNotEqualTo(once);
  }

  @Test
  void itFindsANarrowOptimumBetterThanRandomSearchOnMostSeeds() {
    double[] tpeRegret = new double[15];
    double[] randomRegret = new double[15];
    int wins = 0;
    for (int seed = 0; seed < 15; seed++) {
      tpeRegret[seed] = 1 - sequential(tpe(LR, seed), 40, TpeSamplerTest::score, new ArrayList<>());
      randomRegret[seed] = 1 - sequential(Samplers.create(Method.RANDOM, LR, Goal.MAXIMIZE, seed), 40,
          TpeSamplerTest::score, new ArrayList<>());
      wins += tpeRegret[seed] < randomRegret[seed] ? 1 : 0;
    }
    Arrays.sort(tpeRegret);
    Arrays.sort(randomRegret);
    assertThat(wins).isGreaterThanOrEqualTo(11);
    assertThat(tpeRegret[7]).as("median regret").isLessThan(randomRegret[7] / 5);
  }

  @Test
  void minimizingTheNegatedScoreProposesTheSame() {
    List<Observation> h = new ArrayList<>();
    sequential(tpe(LR, 9), 25, TpeSamplerTest::score, h);
    List<Observation> negated = h.stream().map(o -> new Observation(o.number(), o.params(), o.state(), -o.value(),
        o.epochs())).toList();
    assertThat(Samplers.create(Method.TPE, LR, Goal.MINIMIZE, 9).propose(25, negated))
        .isEqualTo(tpe(LR, 9).propose(25, h));
  }

  @Test
  void runningTrialsAreTheWorstObservationsSoParallelProposalsSpreadOut() {
    List<Observation> h = new ArrayList<>();
    sequential(tpe(LR, 3), 30, TpeSamplerTest::score, h);
    Sampler s = tpe(LR, 3);
    Map<String, Object> alone = s.propose(30, h);
    List<Observation> withRunning = new ArrayList<>(h);
    for (int i = 0; i < 8; i++) {
      withRunning.add(new Observation(31 + i, alone, Observation.State.RUNNING, Double.NaN, 1));
    }
    Map<String, Object> lied = s.propose(30, withRunning);
    assertThat(lied).isNotEqualTo(alone);
    Sampler honest = new TpeSampler(LR, Goal.MAXIMIZE, 3, new TpeSettings(10, 24, 1.0, false, true));
    assertThat(honest.propose(30, withRunning)).as("without the liar running trials are ignored")
        .isEqualTo(honest.propose(30, h));
  }

  @Test
  void theGoodGroupIsAFifthOfCompleteTrialsAndATenthOfPrunedOnesAtMost25() {
    TpeSettings s = TpeSettings.DEFAULT;
    assertThat(s.gamma(0, 0)).isZero();
    assertThat(s.gamma(1, 0)).isEqualTo(1);
    assertThat(s.gamma(5, 0)).isEqualTo(1);
    assertThat(s.gamma(6, 0)).isEqualTo(2);
    assertThat(s.gamma(60, 0)).isEqualTo(12);
    assertThat(s.gamma(0, 60)).isEqualTo(6);
    assertThat(s.gamma(0, 61)).isEqualTo(7);
    assertThat(s.gamma(6, 4)).isEqualTo(2);
    assertThat(s.gamma(125, 0)).isEqualTo(25);
    assertThat(s.gamma(40, 1000)).isEqualTo(25);
    assertThatThrownBy(() -> s.gamma(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prunedTrialsCountAndRankWithCompleteOnesByTheirBestValueSoFar() {
    List<Observation> h = new ArrayList<>();
    sequential(tpe(LR, 4), 6, TpeSamplerTest::score, h);
    Sampler random = Samplers.create(Method.RANDOM, LR, Goal.MAXIMIZE, 4);
    for (int i = 6; i < 10; i++) {
      Map<String, Object> p = random.propose(i, List.of());
      h.add(new Observation(i, p, Observation.State.PRUNED, score(p), 1));
    }
    assertThat(tpe(LR, 4).propose(10, h)).as("10 observations with pruned ones: TPE, not random")
        .isNotEqualTo(random.propose(10, List.of()));
    // With 6 complete and 4 pruned trials the good group is the best 2 (gamma). A pruned trial whose best so far
    // beats every complete trial's is in it, exactly as if it had completed with that value; one that trails is not.
    Map<String, Object> params = h.get(9).params();
    List<Observation> prunedHigh = new ArrayList<>(h);
    prunedHigh.set(9, new Observation(9, params, Observation.State.PRUNED, 99.0, 1));
    List<Observation> completeHigh = new ArrayList<>(h);
    completeHigh.set(9, new Observation(9, params, Observation.State.COMPLETE, 99.0, 27));
    List<Observation> prunedLow = new ArrayList<>(h);
    prunedLow.set(9, new Observation(9, params, Observation.State.PRUNED, -99.0, 1));
    assertThat(tpe(LR, 4).propose(10, prunedHigh)).isEqualTo(tpe(LR, 4).propose(10, completeHigh))
        .isNotEqualTo(tpe(LR, 4).propose(10, prunedLow));
  }

  @Test
  void integersAndCategoricalsConvergeOnTheirBestValues() {
    SearchSpace space = new SearchSpace(Map.of(
        "batch", new ParamSpec.Categorical(List.of(8L, 16L, 32L, 64L)),
        "layers", new ParamSpec.IntUniform(1, 6)), List.<FixedProduct>of());
    ToDoubleFunction<Map<String, Object>> f = p -> -0.3 * Math.abs((Long) p.get("layers") - 4)
        - ((Long) p.get("batch") == 32L ? 0 : 0.5);
    long goodBatch = 0;
    long goodLayers = 0;
    for (int seed = 0; seed < 5; seed++) {
      List<Observation> h = new ArrayList<>();
      sequential(tpe(space, seed), 60, f, h);
      goodBatch += h.subList(30, 60).stream().filter(o -> o.params().get("batch").equals(32L)).count();
      goodLayers += h.subList(30, 60).stream().filter(o -> o.params().get("layers").equals(4L)).count();
      for (Observation o : h) {
        assertThat((Long) o.params().get("layers")).isBetween(1L, 6L);
        assertThat(o.params().get("batch")).isIn(8L, 16L, 32L, 64L);
      }
    }
    // Of the last 30 trials of 5 seeds (150), random search would give about 37 and 25; TPE gives 82 and 81.
    assertThat(goodBatch).as("batch 32").isGreaterThan(70);
    assertThat(goodLayers).as("4 layers").isGreaterThan(45);
  }

  @Test
  void jointlyModelledParametersKeepTheirPairings() {
    // The good trials sit in two regions, at (0.2, 0.8) and (0.8, 0.2); the rest are spread over the square. One
    // parameter at a time, TPE sees good x at 0.2 and 0.8 and good y at 0.2 and 0.8, and proposes the untried
    // mixed corners, (0.2, 0.2) and (0.8, 0.8), about as often as the good pairs; jointly, it keeps the pairs.
    SearchSpace space = new SearchSpace(ordered("x", new ParamSpec.Uniform(0, 1), "y", new ParamSpec.Uniform(0, 1)),
        List.<FixedProduct>of());
    java.util.Random rng = new java.util.Random(5);
    List<Observation> h = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      double x;
      double y;
      double value;
      if (i % 5 == 0) { // 12 good trials, 6 in each region
        boolean first = i % 10 == 0;
        x = (first ? 0.2 : 0.8) + 0.03 * rng.nextGaussian();
        y = (first ? 0.8 : 0.2) + 0.03 * rng.nextGaussian();
        value = 1 + rng.nextDouble();
      } else { // the rest anywhere but the mixed corners' quadrants, and worse
        do {
          x = rng.nextDouble();
          y = rng.nextDouble();
        } while ((x < 0.5) == (y < 0.5));
        value = rng.nextDouble();
      }
      h.add(new Observation(i, Map.of("x", x, "y", y), Observation.State.COMPLETE, value, 27));
    }
    int[] mixed = new int[2];
    for (int joint = 0; joint < 2; joint++) {
      Sampler s = new TpeSampler(space, Goal.MAXIMIZE, 1, new TpeSettings(10, 24, 1.0, true, joint == 1));
      for (int n = 60; n < 260; n++) {
        Map<String, Object> p = s.propose(n, h);
        if (((Double) p.get("x") < 0.5) == ((Double) p.get("y") < 0.5)) {
          mixed[joint]++;
        }
      }
    }
    assertThat(mixed[0]).as("of 200 proposals, in a mixed corner's quadrant, one at a time").isGreaterThan(60);
    assertThat(mixed[1]).as("of 200 proposals, in a mixed corner's quadrant, jointly").isLessThan(20);
  }

  @Test
  void aJointProposalIsAPureFunctionOfSeedNumberAndHistory() {
    SearchSpace space = new SearchSpace(ordered("lr", new ParamSpec.LogUniform(1e-5, 1e-2),
        "batch", new ParamSpec.Categorical(List.of(8L, 16L, 32L))), List.<FixedProduct>of());
    ToDoubleFunction<Map<String, Object>> f = p -> score(Map.of("learning_rate", p.get("lr")))
        - ((Long) p.get("batch") == 16L ? 0 : 0.3);
    List<Observation> h = new ArrayList<>();
    sequential(tpe(space, 9), 30, f, h);
    assertThat(tpe(space, 9).propose(30, h)).isEqualTo(tpe(space, 9).propose(30, h))
        .isNotEqualTo(tpe(space, 10).propose(30, h));
    long batch16 = h.subList(15, 30).stream().filter(o -> o.params().get("batch").equals(16L)).count();
    assertThat(batch16).as("of the last 15, batch 16 (random: 5)").isGreaterThan(8);
  }

  private static Map<String, ParamSpec> ordered(String a, ParamSpec pa, String b, ParamSpec pb) {
    Map<String, ParamSpec> m = new java.util.LinkedHashMap<>();
    m.put(a, pa);
    m.put(b, pb);
    return m;
  }
}
