package sweep.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sweep.search.Observation;
import sweep.spec.EarlyTerminate;
import sweep.spec.Goal;

class HyperbandPrunerTest extends PrunerContractTest {
  @Override
  protected Pruner pruner(Goal goal) {
    return new HyperbandPruner(goal, 1, 3, false, EPOCHS, 7);
  }

  @Test
  void bracketsAndRungsFollowMinIterEtaAndTheEpochBudget() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 0);
    assertThat(p.brackets()).isEqualTo(4);
    assertThat(p.rungs(0)).containsExactly(1, 3, 9);
    assertThat(p.rungs(1)).containsExactly(3, 9);
    assertThat(p.rungs(2)).containsExactly(9);
    assertThat(p.rungs(3)).isEmpty();
    HyperbandPruner q = new HyperbandPruner(Goal.MAXIMIZE, 2, 2, false, 20, 0);
    assertThat(q.brackets()).isEqualTo(4);
    assertThat(q.rungs(0)).containsExactly(2, 4, 8, 16);
    assertThat(q.rungs(3)).containsExactly(16);
  }

  @Test
  void inMaxIterFormTheRungsAreWandbsBandsBelowMaxIter() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, new EarlyTerminate.Hyperband(1, 3, false, 100, 3), 200, 0);
    assertThat(p.brackets()).isEqualTo(4);
    assertThat(p.rungs(0)).containsExactly(3, 11, 33);
    assertThat(p.rungs(2)).containsExactly(33);
    assertThat(p.rungs(3)).as("the last bracket runs to the end").isEmpty();
    HyperbandPruner shorter = new HyperbandPruner(Goal.MAXIMIZE, new EarlyTerminate.Hyperband(1, 3, false, 100, 3),
        20, 0);
    assertThat(shorter.brackets()).isEqualTo(2);
    assertThat(shorter.rungs(0)).containsExactly(3, 11);
    assertThat(shorter.rungs(1)).containsExactly(11);
    HyperbandPruner asMinIter = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 5);
    HyperbandPruner asMaxIter = new HyperbandPruner(Goal.MAXIMIZE, new EarlyTerminate.Hyperband(1, 3, false, 27, 3),
        27, 5);
    for (int b = 0; b < 4; b++) {
      assertThat(asMaxIter.rungs(b)).as("max_iter 27, s 3 is min_iter 1 on 27 epochs").isEqualTo(asMinIter.rungs(b));
    }
    for (int n = 0; n < 200; n++) {
      assertThat(asMaxIter.bracket(n)).isEqualTo(asMinIter.bracket(n));
    }
  }

  /** Curve {@code n}: quality q reached with time constant tau, over {@code last} epochs. */
  private static Curve rising(int n, boolean complete, int last, double q, double tau) {
    Map<Integer, Double> values = new java.util.TreeMap<>();
    for (int e = 1; e <= last; e++) {
      values.put(e, q * (1 - Math.exp(-e / tau)));
    }
    return Curve.of(n, complete, values);
  }

  private static Observation observed(Curve c, Observation.State state) {
    return new Observation(c.number(), Map.of("x", c.number()), state,
        c.bestUpTo(c.lastEpoch(), Goal.MAXIMIZE).orElse(Double.NaN), c.lastEpoch());
  }

  /**
   * 40 trials: the first {@code complete} ran all 27 epochs, 30 were pruned after epoch 1, the rest are running
   * at epoch 2. With {@code crossing}, quick starters (small tau) end lowest.
   */
  private static List<Curve> sweepOf(int complete, boolean crossing) {
    List<Curve> out = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      double s = ((2 * n + 1) % 10) / 10.0;
      double q = crossing ? 1 - 0.35 * s : 0.5 + 0.4 * s;
      double tau = crossing ? 0.6 + 12 * (1 - s) * (1 - s) : 2;
      int last = n < complete ? 27 : n < 30 ? 1 : 2;
      out.add(rising(n, n < complete, last, q, tau));
    }
    return out;
  }

  private static List<Observation> observations(List<Curve> curves, int complete) {
    List<Observation> out = new ArrayList<>();
    for (Curve c : curves) {
      out.add(observed(c, c.number() < complete ? Observation.State.COMPLETE
          : c.number() < 30 ? Observation.State.PRUNED : Observation.State.RUNNING));
    }
    return out;
  }

  @Test
  void aSamplerLearnsFromItsBracketFromTrialsNotPrunedAndFromCutsAtAnEpochThatPredictedLaterOnes() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 5);
    int number = 40;
    int b = p.bracket(number);
    // Steady curves: epoch 1 ranks the five complete trials as epoch 27 does, so every cut curve counts.
    List<Curve> steady = sweepOf(5, false);
    List<Observation> all = observations(steady, 5);
    assertThat(p.predictive(1, steady)).isTrue();
    assertThat(p.history(number, all, steady)).isEqualTo(all);
    // Crossing curves: epoch 1 ranks them backwards, so other brackets' cuts are left out.
    List<Curve> crossing = sweepOf(5, true);
    List<Observation> crossed = observations(crossing, 5);
    assertThat(p.predictive(1, crossing)).isFalse();
    List<Observation> seen = p.history(number, crossed, crossing);
    assertThat(seen).isEqualTo(crossed.stream().filter(o -> o.number() < 5 || o.number() >= 30
        || p.bracket(o.number()) == b).toList());
    assertThat(seen).anyMatch(o -> o.state() == Observation.State.PRUNED)
        .anyMatch(o -> o.state() == Observation.State.PRUNED && p.bracket(o.number()) == b);
    assertThat(crossed).anyMatch(o -> o.state() == Observation.State.PRUNED && p.bracket(o.number()) != b);
    // Four trials past epoch 1 vouch for nothing (none is running here): other brackets' cuts are left out.
    List<Curve> few = sweepOf(4, false).subList(0, 30);
    assertThat(p.predictive(1, few)).isFalse();
    assertThat(p.history(number, observations(few, 4), few))
        .isEqualTo(observations(few, 4).stream().filter(o -> o.number() < 4 || p.bracket(o.number()) == b).toList());
    // The running trials at epoch 2 are enough: they rank as they did at epoch 1.
    assertThat(p.predictive(1, sweepOf(4, false))).isTrue();
    // Identical curves rank nothing (no correlation to speak of): their cuts are left out too.
    List<Curve> same = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      same.add(rising(n, true, 27, 0.8, 2));
    }
    assertThat(p.predictive(1, same)).isFalse();
  }

  @Test
  void predictiveIsSpearmanAtTheDeepestLaterEpochEnoughTrialsReachedWithGapsAndBothGoals() {
    java.util.Random rng = new java.util.Random(11);
    int decided = 0;
    for (int round = 0; round < 300; round++) {
      Goal goal = rng.nextBoolean() ? Goal.MAXIMIZE : Goal.MINIMIZE;
      boolean strict = rng.nextBoolean();
      HyperbandPruner p = new HyperbandPruner(goal, 1, 3, strict, 9, round);
      List<Curve> curves = new ArrayList<>();
      for (int n = 0, trials = 3 + rng.nextInt(20); n < trials; n++) {
        Map<Integer, Double> values = new java.util.TreeMap<>();
        for (int e = 1, last = 1 + rng.nextInt(11); e <= last; e++) {
          if (rng.nextInt(5) > 0) { // a fifth of the epochs have no value
            values.put(e, rng.nextBoolean() ? e * 0.05 + rng.nextGaussian() * 0.1 : rng.nextDouble());
          }
        }
        curves.add(Curve.of(n, rng.nextBoolean(), values));
      }
      for (int epoch = 1; epoch <= 9; epoch++) {
        Boolean expected = null;
        for (int later = 9; later > epoch && expected == null; later--) {
          List<double[]> pairs = new ArrayList<>();
          for (Curve c : curves) {
            java.util.Optional<Double> a = strict ? c.at(epoch) : c.bestUpTo(epoch, goal);
            java.util.Optional<Double> b = strict ? c.at(later) : c.bestUpTo(later, goal);
            if (c.lastEpoch() >= later && a.isPresent() && b.isPresent()) {
              pairs.add(new double[] {a.get(), b.get()});
            }
          }
          if (pairs.size() >= HyperbandPruner.TRUST_TRIALS) {
            expected = new org.apache.commons.math3.stat.correlation.SpearmansCorrelation().correlation(
                pairs.stream().mapToDouble(x -> x[0]).toArray(), pairs.stream().mapToDouble(x -> x[1]).toArray())
                >= HyperbandPruner.TRUST_RHO;
            decided++;
          }
        }
        assertThat(p.predictive(epoch, curves)).as("round %d epoch %d", round, epoch)
            .isEqualTo(expected != null && expected);
      }
    }
    assertThat(decided).as("cases with enough pairs").isGreaterThan(500);
  }

  @Test
  void bracketsAreDrawnWithHyperbandsTrialBudgets() {
    // Budgets ceil(4 * 3^s / (s + 1)) for s = 3, 2, 1, 0: 27, 12, 6, 4 of 49.
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 11);
    int[] counts = new int[4];
    IntStream.range(0, 49_000).forEach(n -> counts[p.bracket(n)]++);
    assertThat(counts[0] / 49_000.0).isCloseTo(27 / 49.0, within(0.01));
    assertThat(counts[1] / 49_000.0).isCloseTo(12 / 49.0, within(0.01));
    assertThat(counts[2] / 49_000.0).isCloseTo(6 / 49.0, within(0.01));
    assertThat(counts[3] / 49_000.0).isCloseTo(4 / 49.0, within(0.01));
    assertThat(new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 11).bracket(123)).isEqualTo(p.bracket(123));
  }

  /** Trial numbers in bracket {@code b}, in order. */
  private static List<Integer> inBracket(HyperbandPruner p, int b, int count) {
    List<Integer> out = new ArrayList<>();
    for (int n = 0; out.size() < count; n++) {
      if (p.bracket(n) == b) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void aTrialGoesOnOnlyInTheTopThirdOfItsBracketAtARung() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 3);
    List<Integer> numbers = inBracket(p, 0, 8);
    List<Curve> others = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      others.add(Curve.of(numbers.get(i), true, Map.of(1, 0.1 * (i + 1))));
    }
    int n = numbers.get(7);
    // Seven at epoch 1: the best floor(7 / 3) = 2 go on, 0.6 and the trial itself if it beats 0.5.
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.45)), others))
        .hasValueSatisfying(r -> assertThat(r).contains("top 2 of 7").contains("needs 0.5"));
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.55)), others)).isEmpty();
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.5)), others)).as("ties pass").isEmpty();
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.45, 2, 0.1)), others)).as("epoch 2 is no rung").isEmpty();
  }

  @Test
  void aTrialGoesOnOnlyInTheTopThirdOfTheLatestNineTrialsOfTheSweepAtThatEpoch() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 3);
    List<Integer> mates = inBracket(p, 0, 6);
    int n = inBracket(p, 0, 200).stream().filter(x -> x > 100).findFirst().orElseThrow();
    List<Curve> bracket = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bracket.add(Curve.of(mates.get(i), true, Map.of(1, 0.1 * (i + 1))));
    }
    List<Integer> below = new ArrayList<>();
    List<Integer> above = new ArrayList<>();
    for (int x = n - 1; below.size() < 8; x--) {
      if (p.bracket(x) != 0) {
        below.add(x);
      }
    }
    for (int x = n + 1; above.size() < 8; x++) {
      if (p.bracket(x) != 0) {
        above.add(x);
      }
    }
    List<Curve> earlier = new ArrayList<>(bracket);
    below.forEach(x -> earlier.add(Curve.of(x, true, Map.of(1, 0.9))));
    // In the top 2 of its bracket's 7, but the 9 latest of the sweep at epoch 1 are itself and eight at 0.9.
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.55)), bracket)).isEmpty();
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.55)), earlier))
        .hasValueSatisfying(r -> assertThat(r).contains("top 3 of the 9 latest trials of the sweep at epoch 1")
            .contains("needs 0.9"));
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.9)), earlier)).as("ties pass").isEmpty();
    List<Curve> later = new ArrayList<>(bracket);
    above.forEach(x -> later.add(Curve.of(x, true, Map.of(1, 0.9))));
    assertThat(p.check(Curve.of(n, false, Map.of(1, 0.55)), later)).as("trials numbered after it do not count")
        .isEmpty();
    // The bracket's first trial judged last: its mates are all numbered after it, so only the bracket's rung judges.
    int first = mates.get(0);
    List<Curve> mates2 = new ArrayList<>();
    for (int i = 1; i < 6; i++) {
      mates2.add(Curve.of(mates.get(i), true, Map.of(1, 0.1 * (i + 1))));
    }
    assertThat(p.check(Curve.of(first, false, Map.of(1, 0.65)), mates2)).isEmpty();
    assertThat(p.check(Curve.of(first, false, Map.of(1, 0.45)), mates2))
        .hasValueSatisfying(r -> assertThat(r).contains("top 2 of 6 of the bracket"));
  }

  @Test
  void withFewerThanEtaAtItsBracketsRungATrialGoesOnOnlyIfNoTrialDidBetterAtThatEpoch() {
    HyperbandPruner p = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 3);
    List<Integer> numbers = inBracket(p, 2, 2);
    List<Integer> bracket0 = inBracket(p, 0, 3);
    List<Curve> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Map<Integer, Double> values = new java.util.TreeMap<>();
      for (int e = 1; e <= 9; e++) {
        values.put(e, 0.1 * (i + 1) + 0.01 * e);
      }
      others.add(Curve.of(bracket0.get(i), false, values));
    }
    // Bracket 2's first rung is epoch 9; the best value anywhere at epoch 9 is 0.39.
    Map<Integer, Double> below = new java.util.TreeMap<>();
    Map<Integer, Double> above = new java.util.TreeMap<>();
    for (int e = 1; e <= 9; e++) {
      below.put(e, 0.38);
      above.put(e, 0.4);
    }
    assertThat(p.check(Curve.of(numbers.get(0), false, below), others))
        .hasValueSatisfying(r -> assertThat(r).contains("fewer than 3").contains("0.39"));
    assertThat(p.check(Curve.of(numbers.get(0), false, above), others)).isEmpty();
    others.add(Curve.of(numbers.get(1), true, above));
    assertThat(p.check(Curve.of(numbers.get(0), false, below), others)).as("two at the rung").isPresent();
    assertThat(p.check(Curve.of(numbers.get(0), false, above), others)).as("ties pass").isEmpty();
  }

  @Test
  void strictJudgesTheValueAtTheRungAndNotStrictTheBestUpToIt() {
    HyperbandPruner loose = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 27, 3);
    HyperbandPruner strict = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, true, 27, 3);
    List<Integer> numbers = inBracket(loose, 1, 4);
    List<Curve> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      others.add(Curve.of(numbers.get(i), true, Map.of(1, 0.5, 2, 0.6, 3, 0.7)));
    }
    Curve dipped = Curve.of(numbers.get(3), false, Map.of(1, 0.2, 2, 0.9, 3, 0.4));
    assertThat(loose.check(dipped, others)).isEmpty();
    assertThat(strict.check(dipped, others)).hasValueSatisfying(r -> assertThat(r).contains("value 0.4"));
  }
}
