package sweep.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;

/**
 * The {@link Pruner} contract, clause by clause, for any implementation: a subclass says how to make one for a
 * goal. Populations are seeded learning curves over {@link #EPOCHS} epochs, some complete, some cut short.
 */
public abstract class PrunerContractTest {
  protected static final int EPOCHS = 27;

  protected abstract Pruner pruner(Goal goal);

  /** 40 trials: q * (1 - exp(-e / tau)) plus noise; the first 20 complete, the rest stopped at a random epoch. */
  protected static List<Curve> population(long seed, int size) {
    Random rng = new Random(seed);
    List<Curve> out = new ArrayList<>();
    for (int n = 0; n < size; n++) {
      double q = 0.3 + 0.7 * rng.nextDouble();
      double tau = 0.5 + 6 * rng.nextDouble();
      boolean complete = n < size / 2;
      int last = complete ? EPOCHS : 1 + rng.nextInt(EPOCHS);
      Map<Integer, Double> values = new TreeMap<>();
      for (int e = 1; e <= last; e++) {
        values.put(e, q * (1 - Math.exp(-e / tau)) + 0.01 * rng.nextGaussian());
      }
      out.add(Curve.of(n, complete, values));
    }
    return out;
  }

  /** The curve cut after {@code epoch} (as it stood then). */
  protected static Curve upTo(Curve c, int epoch) {
    return new Curve(c.number(), false, c.values().headMap(epoch, true));
  }

  private static Curve negated(Curve c) {
    Map<Integer, Double> values = new TreeMap<>();
    c.values().forEach((e, v) -> values.put(e, -v));
    return Curve.of(c.number(), c.complete(), values);
  }

  @Test
  void theHistoryASamplerSeesIsAnOrderedSubListAndAPureFunction() {
    List<Curve> curves = population(9, 40);
    List<sweep.search.Observation> all = new ArrayList<>();
    for (Curve c : curves) {
      all.add(new sweep.search.Observation(c.number(), Map.of("x", c.number()), c.complete()
          ? sweep.search.Observation.State.COMPLETE : sweep.search.Observation.State.PRUNED,
          c.bestUpTo(c.lastEpoch(), Goal.MAXIMIZE).orElseThrow(), c.lastEpoch()));
    }
    Pruner p = pruner(Goal.MAXIMIZE);
    for (int number = 40; number < 60; number++) {
      List<sweep.search.Observation> seen = p.history(number, all, curves);
      assertThat(all).containsSubsequence(seen);
      assertThat(p.history(number, all, curves)).isEqualTo(seen);
      List<Curve> shuffled = new ArrayList<>(curves);
      Collections.shuffle(shuffled, new Random(number));
      assertThat(pruner(Goal.MAXIMIZE).history(number, new ArrayList<>(all), shuffled)).isEqualTo(seen);
    }
  }

  @Test
  void aTrialWithNoEpochIsNeverPruned() {
    List<Curve> all = population(1, 40);
    assertThat(pruner(Goal.MAXIMIZE).check(Curve.of(99, false, Map.of()), all)).isEmpty();
  }

  @Test
  void aLoneTrialIsNeverPruned() {
    Curve lone = population(2, 1).get(0);
    Pruner p = pruner(Goal.MAXIMIZE);
    for (int e = 1; e <= EPOCHS; e++) {
      Curve c = upTo(lone, e);
      assertThat(p.check(c, List.of(c))).as("epoch %d", e).isEmpty();
      assertThat(p.check(c, List.of())).as("epoch %d", e).isEmpty();
    }
  }

  @Test
  void aTrialAtLeastAsGoodAsEveryOtherAtEveryEpochIsNeverPruned() {
    List<Curve> all = population(3, 40);
    Map<Integer, Double> top = new TreeMap<>();
    for (int e = 1; e <= EPOCHS; e++) {
      int epoch = e;
      top.put(e, all.stream().flatMap(c -> c.at(epoch).stream()).mapToDouble(Double::doubleValue).max().orElseThrow());
    }
    Pruner p = pruner(Goal.MAXIMIZE);
    for (int number = 100; number < 140; number++) {
      Curve best = Curve.of(number, false, top);
      for (int e = 1; e < EPOCHS; e++) {
        assertThat(p.check(upTo(best, e), all)).as("trial %d at epoch %d", number, e).isEmpty();
      }
    }
  }

  @Test
  void theOrderOfTrialsAndThePresenceOfTheTrialItselfDoNotMatter() {
    List<Curve> all = population(4, 40);
    Pruner p = pruner(Goal.MAXIMIZE);
    List<Curve> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(5));
    int pruned = 0;
    for (Curve c : all.subList(20, 40)) {
      for (int e = 1; e <= c.lastEpoch(); e++) {
        Curve now = upTo(c, e);
        List<Curve> others = new ArrayList<>(all);
        others.remove(c);
        Optional<String> decision = p.check(now, all);
        assertThat(p.check(now, shuffled)).isEqualTo(decision);
        assertThat(p.check(now, others)).isEqualTo(decision);
        assertThat(pruner(Goal.MAXIMIZE).check(now, all)).as("a fresh pruner decides the same").isEqualTo(decision);
        pruned += decision.isPresent() ? 1 : 0;
      }
    }
    assertThat(pruned).as("decisions that pruned, so the comparisons above are not all empty").isPositive();
  }

  @Test
  void negatingTheValuesAndFlippingTheGoalDecidesTheSame() {
    List<Curve> all = population(6, 40);
    List<Curve> negatedAll = all.stream().map(PrunerContractTest::negated).toList();
    Pruner max = pruner(Goal.MAXIMIZE);
    Pruner min = pruner(Goal.MINIMIZE);
    for (Curve c : all.subList(20, 40)) {
      for (int e = 1; e <= c.lastEpoch(); e++) {
        assertThat(min.check(negated(upTo(c, e)), negatedAll).isPresent())
            .isEqualTo(max.check(upTo(c, e), all).isPresent());
      }
    }
  }
}
