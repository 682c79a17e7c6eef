package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import sweep.prune.Curve;
import sweep.prune.EarlyStopping;
import sweep.prune.Pruner;
import sweep.spec.Goal;

/** The epoch judge as a pure function: divergence, early stopping, pruning, and what it asks for. */
class EpochJudgeTest {
  private static final EarlyStopping PATIENCE_2 = new EarlyStopping(Goal.MINIMIZE, 2, 0.0);
  private static final Pruner PRUNE_ALL = (own, all) -> Optional.of("pruned #" + own.number() + " of " + all.size());

  private static Supplier<List<Curve>> curves(AtomicInteger asked, int number) {
    return () -> {
      asked.incrementAndGet();
      return List.of(Curve.of(number, false, Map.of(1, 0.5)), Curve.of(99, true, Map.of(1, 0.1)));
    };
  }

  @Test
  void aJudgeWithALimitStopsAfterThatManyEpochsOfALongerScheduleAndDivergenceStillComesFirst() {
    EpochJudge judge = new EpochJudge("val_loss", new EarlyStopping(Goal.MINIMIZE, 0, 0.0), null, 2);
    assertThat(judge.judge(0, 1, 5, Map.of("val_loss", 0.5), List.of(0.5), List::of).kind())
        .isEqualTo(EpochJudge.Kind.CONTINUE);
    EpochJudge.Verdict v = judge.judge(0, 2, 5, Map.of("val_loss", 0.6), List.of(0.5, 0.6), List::of);
    assertThat(v.kind()).isEqualTo(EpochJudge.Kind.STOP);
    assertThat(v.reason()).isEqualTo("stopped after 2 epochs as asked");
    assertThat(judge.judge(0, 2, 5, Map.of("val_loss", Double.NaN), List.of(0.5), List::of).kind())
        .isEqualTo(EpochJudge.Kind.DIVERGED);
  }

  @Test
  void aMetricThatIsNotFiniteDiverges() {
    EpochJudge judge = new EpochJudge("val_loss", PATIENCE_2, PRUNE_ALL);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      EpochJudge.Verdict v = judge.judge(3, 2, 6, Map.of("val_loss", bad), List.of(0.5), () -> List.of());
      assertThat(v.kind()).isEqualTo(EpochJudge.Kind.DIVERGED);
      assertThat(v.reason()).isEqualTo("diverged: val_loss=" + bad + " at epoch 2");
    }
  }

  @Test
  void anyLossThatIsNotFiniteDivergesEvenWhenTheMetricIsFine() {
    EpochJudge judge = new EpochJudge("val_f1", new EarlyStopping(Goal.MAXIMIZE, 2, 0.0), null);
    EpochJudge.Verdict v = judge.judge(0, 1, 6, Map.of("val_f1", 0.4, "train_loss", Double.NaN), List.of(0.4),
        () -> List.of());
    assertThat(v).isEqualTo(new EpochJudge.Verdict(EpochJudge.Kind.DIVERGED, "diverged: train_loss=NaN at epoch 1"));
    // A metric that merely contains "loss" elsewhere is not a loss.
    assertThat(judge.judge(0, 1, 6, Map.of("val_f1", 0.4, "loss_scale_max", Double.NaN), List.of(0.4),
        () -> List.of()).kind()).isEqualTo(EpochJudge.Kind.CONTINUE);
  }

  @Test
  void earlyStoppingEndsTheTrialBeforeItsLastEpochOnly() {
    EpochJudge judge = new EpochJudge("val_loss", PATIENCE_2, null);
    List<Double> stalled = List.of(0.5, 0.6, 0.7);
    assertThat(judge.judge(0, 3, 6, Map.of("val_loss", 0.7), stalled, () -> List.of()))
        .isEqualTo(new EpochJudge.Verdict(EpochJudge.Kind.STOP, PATIENCE_2.check(stalled).orElseThrow()
            + " at epoch 3"));
    assertThat(judge.judge(0, 3, 3, Map.of("val_loss", 0.7), stalled, () -> List.of()).kind())
        .as("the last epoch needs no stop").isEqualTo(EpochJudge.Kind.CONTINUE);
    assertThat(judge.judge(0, 2, 6, Map.of("val_loss", 0.4), List.of(0.5, 0.4), () -> List.of()).kind())
        .isEqualTo(EpochJudge.Kind.CONTINUE);
  }

  @Test
  void thePrunerIsAskedWithTheTrialsOwnCurveAmongAllAndOnlyWhenNeeded() {
    AtomicInteger asked = new AtomicInteger();
    EpochJudge judge = new EpochJudge("val_loss", PATIENCE_2, PRUNE_ALL);
    assertThat(judge.judge(7, 1, 6, Map.of("val_loss", 0.5), List.of(0.5), curves(asked, 7)))
        .isEqualTo(new EpochJudge.Verdict(EpochJudge.Kind.PRUNE, "pruned #7 of 2"));
    assertThat(asked).hasValue(1);
    // Early stopping decides first; the last epoch and an epoch without the metric are not judged.
    judge.judge(7, 3, 6, Map.of("val_loss", 0.7), List.of(0.5, 0.6, 0.7), curves(asked, 7));
    judge.judge(7, 6, 6, Map.of("val_loss", 0.5), List.of(0.5), curves(asked, 7));
    judge.judge(7, 2, 6, Map.of("train_loss", 0.5), List.of(0.5), curves(asked, 7));
    assertThat(asked).hasValue(1);
    // No curve of its own yet (not recorded): nothing to prune on.
    assertThat(judge.judge(8, 1, 6, Map.of("val_loss", 0.5), List.of(0.5), curves(asked, 7)).kind())
        .isEqualTo(EpochJudge.Kind.CONTINUE);
  }

  @Test
  void withoutAPrunerNothingIsPrunedAndNoCurveIsRead() {
    EpochJudge judge = new EpochJudge("val_loss", PATIENCE_2, null);
    assertThat(judge.prunes()).isFalse();
    assertThat(judge.judge(0, 1, 6, Map.of("val_loss", 0.5), List.of(0.5), () -> {
      throw new AssertionError("curves read");
    }).kind()).isEqualTo(EpochJudge.Kind.CONTINUE);
  }
}
