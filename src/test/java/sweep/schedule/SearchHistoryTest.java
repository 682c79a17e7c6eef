package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.prune.Curve;
import sweep.search.Observation;
import sweep.spec.Goal;
import sweep.spec.Impute;
import sweep.spec.MetricSpec;
import sweep.store.NewSweep;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Locations;

class SearchHistoryTest {
  @TempDir Path dir;

  /** What the sampler should see: read afresh, every search trial that did not fail. */
  private static List<Observation> expected(SqliteStore store, long sweepId) {
    List<Observation> out = new ArrayList<>();
    for (TrialRecord t : store.trials(sweepId)) {
      if (t.phase() != Phase.SEARCH || t.state() == TrialState.FAILED) {
        continue;
      }
      Observation.State state = t.state() == TrialState.COMPLETE ? Observation.State.COMPLETE
          : t.state() == TrialState.PRUNED ? Observation.State.PRUNED : Observation.State.RUNNING;
      out.add(new Observation(t.number(), t.params(), state, t.bestValue() == null ? Double.NaN : t.bestValue(),
          t.lastEpoch() == null ? 0 : t.lastEpoch()));
    }
    return out;
  }

  /** What the pruner should see: read afresh, the metric's curve of every search trial, failed ones included. */
  private static List<Curve> expectedCurves(SqliteStore store, long sweepId) {
    Map<Long, java.util.SortedMap<Integer, Double>> values = store.metricCurves(sweepId, Phase.SEARCH, "acc");
    List<Curve> out = new ArrayList<>();
    for (TrialRecord t : store.trials(sweepId)) {
      if (t.phase() == Phase.SEARCH) {
        out.add(Curve.of(t.number(), t.state() == TrialState.COMPLETE, values.getOrDefault(t.id(),
            new java.util.TreeMap<>())));
      }
    }
    return out;
  }

  @Test
  void aLargeSweepsFinishedCurvesAreReadInOneQueryAndStillMatchAFullRead() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("big.db"), Clock.systemUTC())) {
      long sweep = store.createSweep(new NewSweep("s", "s.yaml", "h", "{}", "acc", Goal.MAXIMIZE, 2)).id();
      for (int n = 0; n < 40; n++) {
        TrialRecord t = store.createTrial(new NewTrial(sweep, Phase.SEARCH, n, Map.of("lr", 0.001), n, 5, null));
        store.startTrial(t.id(), "d" + n, Locations.pid(n));
        for (int e = 1; e <= 1 + n % 3; e++) {
          store.recordEpoch(t.id(), e, Map.of("acc", 0.01 * n + 0.1 * e));
        }
        if (n < 38) {
          store.finishTrial(t.id(), n % 5 == 0 ? TrialState.PRUNED : TrialState.COMPLETE, "done");
        }
      }
      SearchHistory history = new SearchHistory(store, sweep, "acc");
      assertThat(history.curves()).hasSize(40).isEqualTo(expectedCurves(store, sweep));
      assertThat(history.observations()).isEqualTo(expected(store, sweep));
      store.recordEpoch(store.trials(sweep).get(39).id(), 4, Map.of("acc", 0.99));
      SearchHistory.View view = history.view();
      assertThat(view.curves()).isEqualTo(expectedCurves(store, sweep));
      assertThat(view.observations()).isEqualTo(expected(store, sweep));
    }
  }

  @Test
  void incrementalReadsSeeExactlyWhatAFullReadSees() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC())) {
      long sweep = store.createSweep(new NewSweep("s", "s.yaml", "h", "{}", "acc", Goal.MAXIMIZE, 2)).id();
      SearchHistory history = new SearchHistory(store, sweep, "acc");
      assertThat(history.observations()).isEmpty();
      assertThat(history.curves()).isEmpty();
      List<TrialRecord> trials = new ArrayList<>();
      for (int n = 0; n < 12; n++) {
        trials.add(store.createTrial(new NewTrial(sweep, Phase.SEARCH, n, Map.of("lr", 0.001 * (n + 1)), n, 5,
            null)));
        TrialRecord t = trials.get(n);
        if (n % 3 != 2) {
          store.startTrial(t.id(), "d" + n, Locations.pid(n));
          store.recordEpoch(t.id(), 1, Map.of("acc", 0.1 * n));
        }
        if (n % 4 == 0) {
          assertThat(history.observations()).as("after trial %d", n).isEqualTo(expected(store, sweep));
        }
        if (n % 4 == 1) {
          assertThat(history.curves()).as("after trial %d", n).isEqualTo(expectedCurves(store, sweep));
        }
        if (n % 3 == 0) {
          store.finishTrial(t.id(), n % 2 == 0 ? TrialState.PRUNED : TrialState.COMPLETE, "done");
        } else if (n == 7) {
          store.finishTrial(t.id(), TrialState.FAILED, "crashed");
        }
        if (n == 9) {
          store.updatePendingParams(trials.get(8).id(), Map.of("lr", 0.5), "smaller");
        }
      }
      assertThat(history.observations()).isEqualTo(expected(store, sweep));
      store.startTrial(trials.get(2).id(), "d2", Locations.pid(2));
      store.recordEpoch(trials.get(2).id(), 1, Map.of("acc", 0.9));
      store.finishTrial(trials.get(2).id(), TrialState.COMPLETE, "done");
      TrialRecord late = store.createTrial(new NewTrial(sweep, Phase.SEARCH, 12, Map.of("lr", 0.2), 12, 5, null));
      store.finishTrial(late.id(), TrialState.FAILED, "could not start");
      store.createTrial(new NewTrial(sweep, Phase.RETRAIN, 0, Map.of("lr", 0.2), 12, 5, trials.get(2).id()));
      store.recordEpoch(trials.get(10).id(), 2, Map.of("acc", 0.95, "loss", 0.1));
      store.recordEpoch(trials.get(4).id(), 2, Map.of("loss", 0.1));
      assertThat(history.curves()).isEqualTo(expectedCurves(store, sweep));
      assertThat(history.curves().get(10).values()).containsEntry(2, 0.95);
      assertThat(history.curves().get(4).values()).doesNotContainKey(2);
      List<Observation> now = history.observations();
      assertThat(now).isEqualTo(expected(store, sweep));
      assertThat(now).extracting(Observation::number).doesNotContain(7, 12);
      assertThat(now.stream().filter(o -> o.number() == 2).findFirst().orElseThrow().state())
          .isEqualTo(Observation.State.COMPLETE);
      assertThat(now.stream().filter(o -> o.number() == 8).findFirst().orElseThrow().params())
          .containsEntry("lr", 0.5);
    }
  }

  @Test
  void imputeGivesAFailedTrialWandbsValueAndImputeWhileRunningARunningOne() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("i.db"), Clock.systemUTC())) {
      long sweep = store.createSweep(new NewSweep("s", "s.yaml", "h", "{}", "acc", Goal.MAXIMIZE, 2)).id();
      // trial 0 complete (0.5 then 0.7), 1 failed after 0.6 then 0.4, 2 failed before any value, 3 running at 0.8, 0.3
      double[][] curves = {{0.5, 0.7}, {0.6, 0.4}, {}, {0.8, 0.3}};
      for (int n = 0; n < 4; n++) {
        TrialRecord t = store.createTrial(new NewTrial(sweep, Phase.SEARCH, n, Map.of("lr", 0.1 * (n + 1)), n, 5,
            null));
        store.startTrial(t.id(), "d" + n, Locations.pid(n));
        for (int e = 0; e < curves[n].length; e++) {
          store.recordEpoch(t.id(), e + 1, Map.of("acc", curves[n][e]));
        }
        if (n < 3) {
          store.finishTrial(t.id(), n == 0 ? TrialState.COMPLETE : TrialState.FAILED, "done");
        }
      }
      assertThat(new SearchHistory(store, sweep, new MetricSpec("acc", Goal.MAXIMIZE)).observations())
          .as("without impute a failed trial is left out, a running one is running").isEqualTo(expected(store, sweep));

      SearchHistory worst = new SearchHistory(store, sweep, new MetricSpec("acc", Goal.MAXIMIZE, null, Impute.WORST,
          null));
      // W&B's worst: the lowest value any finished trial (complete or failed) reported, the running one's 0.3 not
      assertThat(worst.observations()).extracting(Observation::number, Observation::state, Observation::value)
          .containsExactly(tuple(0, Observation.State.COMPLETE, 0.7), tuple(1, Observation.State.COMPLETE, 0.4),
              tuple(2, Observation.State.COMPLETE, 0.4), tuple(3, Observation.State.RUNNING, 0.8));

      SearchHistory best = new SearchHistory(store, sweep, new MetricSpec("acc", Goal.MAXIMIZE, null, Impute.BEST,
          Impute.LATEST));
      // its own best (0.6), 0 with none (as W&B); the running trial its latest value, as a finished one
      assertThat(best.observations()).extracting(Observation::number, Observation::state, Observation::value)
          .containsExactly(tuple(0, Observation.State.COMPLETE, 0.7), tuple(1, Observation.State.COMPLETE, 0.6),
              tuple(2, Observation.State.COMPLETE, 0.0), tuple(3, Observation.State.COMPLETE, 0.3));

      SearchHistory latest = new SearchHistory(store, sweep, new MetricSpec("acc", Goal.MINIMIZE, null,
          Impute.LATEST, Impute.WORST));
      // minimizing, the worst is the highest finished value (0.7), which the running trial gets
      assertThat(latest.observations()).extracting(Observation::number, Observation::value)
          .containsExactly(tuple(0, 0.7), tuple(1, 0.4), tuple(2, 0.0), tuple(3, 0.7));
    }
  }
}
