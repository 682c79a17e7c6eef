package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.LocalArtifactStore;
import sweep.prune.EarlierTrials;
import sweep.prune.MedianPruner;
import sweep.prune.Pruner;
import sweep.prune.Curve;
import sweep.search.Observation;
import sweep.search.Samplers;
import sweep.spec.Goal;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.store.NewSweep;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Locations;
import sweep.train.TaskTypes;
import sweep.util.BadInputException;
import sweep.util.Json;

/** Which earlier trials a warm start brings, which initial trials run first, and what is recorded of both. */
class WarmStartsTest {
  @TempDir Path dir;
  private final List<String> log = new ArrayList<>();

  private SweepSpec spec(String name, String extra) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "name: " + name + "\nruns_dir: " + dir.resolve("runs") + "\n" + """
        task: benchmark
        benchmark: {problem: log-sensitive}
        method: tpe
        metric: {name: val_score, goal: maximize}
        run_cap: 6
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}
        trial: {epochs: 3}
        """ + extra);
    return new SpecLoader(Map.of(), TaskTypes.all()).load(file);
  }

  /** A sweep of {@code spec} named {@code name}, with search trials at these learning rates in these states. */
  private static SweepRecord night(SqliteStore store, SweepSpec spec, String name, double[] lrs, TrialState state) {
    SweepRecord s = sweepOf(store, spec, name);
    for (int n = 0; n < lrs.length; n++) {
      TrialRecord t = store.createTrial(new sweep.store.NewTrial(s.id(), Phase.SEARCH, n,
          Map.of("learning_rate", lrs[n]), n, 3, null));
      store.startTrial(t.id(), "d" + n, Locations.pid(n));
      for (int e = 1; e <= 3; e++) {
        store.recordEpoch(t.id(), e, Map.of("val_score", 0.1 * e + n * 0.01));
      }
      store.finishTrial(t.id(), state, "done");
    }
    return s;
  }

  /** A sweep of {@code spec} named {@code name}, with no trials yet: tonight's. */
  private static SweepRecord sweepOf(SqliteStore store, SweepSpec spec, String name) {
    return store.createSweep(new NewSweep(name, spec.file(), spec.hash(), spec.canonicalJson(), spec.metric().name(),
        spec.metric().goal(), 2));
  }

  @Test
  void previousIsTheLatestEarlierSweepOfTheSameSpecNameWithACompleteTrial() throws Exception {
    SweepSpec nightly = spec("nightly", "warm_start: {from: previous}\n");
    SweepSpec other = spec("other", "");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC())) {
      night(store, nightly, "nightly-2026-12-01", new double[] {1e-4, 2e-4}, TrialState.COMPLETE);
      SweepRecord picked = night(store, nightly, "nightly-2026-12-02", new double[] {1e-4, 3e-4, 5e-4},
          TrialState.COMPLETE);
      night(store, nightly, "nightly-2026-12-03", new double[] {1e-4}, TrialState.FAILED);
      night(store, other, "other-2026-12-04", new double[] {1e-4}, TrialState.COMPLETE);
      SweepRecord tonight = sweepOf(store, nightly, "nightly-2026-12-05");
      night(store, nightly, "nightly-2026-12-06", new double[] {1e-4}, TrialState.COMPLETE); // a later one

      EarlierTrials earlier = WarmStarts.resolve(nightly.withName(tonight.name()), store, tonight, log::add);

      assertThat(earlier.observationList()).hasSize(3);
      assertThat(earlier.observationList()).extracting(Observation::number).containsExactly(-3, -2, -1);
      assertThat(earlier.observationList()).allMatch(o -> o.weight() == 0.75);
      assertThat(earlier.observationList().get(1).params()).isEqualTo(Map.of("learning_rate", 3e-4));
      assertThat(earlier.curveList()).hasSize(3).allMatch(c -> c.complete() && c.lastEpoch() == 3);
      assertThat(log).containsExactly("warm start: 3 trial(s) of " + picked.name() + " used at weight 0.75");
      JsonNode event = Json.tree(store.events(tonight.id(), WarmStarts.EVENT).get(0).message());
      assertThat(event.path("used").asInt()).isEqualTo(3);
      assertThat(event.path("sweeps").get(0).path("name").asText()).isEqualTo(picked.name());
    }
  }

  @Test
  void trialsOutsideTonightsRangeAreDroppedAndCountedNeverAnError() throws Exception {
    SweepSpec wide = spec("nightly", "");
    SweepSpec narrow = spec("nightly", "warm_start: {from: 'nightly-1, nightly-2', weight: 0.25}\n");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC())) {
      night(store, wide, "nightly-1", new double[] {1e-4, 5e-3}, TrialState.COMPLETE);
      night(store, wide, "nightly-2", new double[] {2e-3, 3e-4, 1e-5}, TrialState.PRUNED);
      SweepRecord tonight = sweepOf(store, narrow, "nightly-3");

      EarlierTrials earlier = WarmStarts.resolve(narrow, store, tonight, log::add);

      assertThat(earlier.observationList()).extracting(o -> o.params().get("learning_rate"))
          .containsExactly(1e-4, 3e-4, 1e-5);
      assertThat(earlier.observationList()).allMatch(o -> o.weight() == 0.25);
      assertThat(earlier.observationList().get(1).state()).isEqualTo(Observation.State.PRUNED);
      assertThat(log).hasSize(2);
      assertThat(log.get(0)).contains("1 trial(s) of nightly-1", "1 dropped as outside tonight's search space",
          "learning_rate: 0.005 is outside [1.0E-5, 0.001]");
      assertThat(log.get(1)).contains("2 trial(s) of nightly-2", "1 dropped");
      JsonNode event = Json.tree(store.events(tonight.id(), WarmStarts.EVENT).get(0).message());
      assertThat(event.path("dropped").asInt()).isEqualTo(2);
      assertThat(event.path("weight").asDouble()).isEqualTo(0.25);
    }
  }

  @Test
  void noEarlierSweepIsAColdStartWithALogLineAndAnUnknownNamedSweepIsBadInput() throws Exception {
    SweepSpec nightly = spec("nightly", "warm_start: {from: previous}\n");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC())) {
      SweepRecord tonight = sweepOf(store, nightly, "nightly-1");
      assertThat(WarmStarts.resolve(nightly, store, tonight, log::add).isEmpty()).isTrue();
      assertThat(log).containsExactly("warm start: no earlier sweep of 'nightly' with a complete trial;"
          + " starting cold");
      assertThatThrownBy(() -> WarmStarts.resolve(spec("nightly", "warm_start: {from: nope}\n"), store, tonight,
          log::add)).isInstanceOf(BadInputException.class).hasMessageContaining("no sweep named 'nope'");
    }
  }

  @Test
  void thePrunerJudgesWithEarlierCurvesBesideTonights() {
    Curve lastNight = Curve.of(-1, true, Map.of(1, 0.8, 2, 0.9));
    EarlierTrials earlier = new EarlierTrials(List.of(new Observation(-1, Map.of("x", 1.0),
        Observation.State.COMPLETE, 0.9, 2, 0.5)), List.of(lastNight));
    Pruner median = new MedianPruner(Goal.MAXIMIZE, 0, 1, 1);
    Curve tonight = Curve.of(0, false, Map.of(1, 0.2));
    assertThat(median.check(tonight, List.of(tonight))).isEmpty(); // cold: nothing to compare with
    assertThat(earlier.pruner(median).check(tonight, List.of(tonight))).isPresent();
    assertThat(earlier.pruner(null)).isNull();
    assertThat(earlier.observations(List.of())).hasSize(1);
  }

  @Test
  void initialTrialsFromTheSpecRunFirstInOrderAndAreRecorded() throws Exception {
    SweepSpec spec = spec("s", """
        initial_trials:
          - {learning_rate: 3.0e-4}
          - {learning_rate: 1.0e-5}
        """);
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC());
        LocalArtifactStore artifacts = new LocalArtifactStore(dir.resolve("artifacts"))) {
      SweepRecord s = sweepOf(store, spec, "s");
      List<Map<String, Object>> initial = FirstTrials.resolve(spec, store, s, artifacts, log::add);
      SearchTrials trials = new SearchTrials(spec, store, s.id(), Samplers.forSpec(spec),
          new SearchHistory(store, s.id(), "val_score"), null, EarlierTrials.NONE, initial);
      assertThat(trials.get().params()).isEqualTo(Map.of("learning_rate", 3e-4));
      assertThat(trials.get().params()).isEqualTo(Map.of("learning_rate", 1e-5));
      assertThat(trials.get().params().get("learning_rate")).isNotIn(3e-4, 1e-5);
      assertThat(log).containsExactly("initial trials: 2 from the spec run first");
      // resumed: read back from the record, not the spec
      assertThat(FirstTrials.resolve(spec, store, s, artifacts, log::add)).isEqualTo(initial);
      assertThat(store.events(s.id(), FirstTrials.EVENT)).hasSize(1);
    }
  }

  @Test
  void productionRunsTheProductionModelsParametersOrIsSkippedWithALogLine() throws Exception {
    SweepSpec spec = spec("s", "initial_trials: production\n");
    try (SqliteStore store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC());
        LocalArtifactStore artifacts = new LocalArtifactStore(dir.resolve("artifacts"))) {
      SweepRecord none = sweepOf(store, spec, "s-1");
      assertThat(FirstTrials.resolve(spec, store, none, artifacts, log::add)).isEmpty();
      assertThat(log.get(0)).startsWith("initial trials: production skipped: no production model in");
      assertThat(Json.tree(store.events(none.id(), FirstTrials.EVENT).get(0).message()).path("skipped").asText())
          .startsWith("no production model");

      artifacts.putBytes("production/versions/v1/provenance.json",
          "{\"params\": {\"learning_rate\": 2.0e-4, \"epochs\": 3}}".getBytes(StandardCharsets.UTF_8));
      artifacts.putBytes("production/CURRENT.json", ("{\"sweep\": \"s-0\", \"trial\": \"t0000\", \"metric\":"
          + " \"val_score\", \"value\": 0.9, \"version\": \"v1\", \"provenance\":"
          + " \"production/versions/v1/provenance.json\"}").getBytes(StandardCharsets.UTF_8));
      SweepRecord withModel = sweepOf(store, spec, "s-2");
      assertThat(FirstTrials.resolve(spec, store, withModel, artifacts, log::add))
          .containsExactly(Map.of("learning_rate", 2e-4));
      assertThat(log.get(1)).isEqualTo("initial trials: trial 0 runs the production model's parameters"
          + " {\"learning_rate\":2.0E-4}");

      artifacts.putBytes("production/versions/v1/provenance.json",
          "{\"params\": {\"learning_rate\": 0.5}}".getBytes(StandardCharsets.UTF_8));
      SweepRecord outside = sweepOf(store, spec, "s-3");
      assertThat(FirstTrials.resolve(spec, store, outside, artifacts, log::add)).isEmpty();
      assertThat(log.get(2)).contains("production skipped", "learning_rate: 0.5 is outside");
    }
  }
}
