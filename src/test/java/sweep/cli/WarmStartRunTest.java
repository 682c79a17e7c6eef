package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/** Two nights through the CLI: the second warm-started from the first, its initial trial first; what status shows. */
class WarmStartRunTest {
  @TempDir Path dir;

  @Test
  void theSecondNightLearnsFromTheFirstRunsItsInitialTrialFirstAndStatusShowsBoth() throws Exception {
    Path spec = dir.resolve("nightly.yaml");
    Files.writeString(spec, "runs_dir: " + dir.resolve("runs") + "\n" + """
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.01}
        method: tpe
        seed: 5
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        max_parallel: 3
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 2}
        initial_trials:
          - {learning_rate: 3.0e-4}
        """);
    String db = dir.resolve("sweep.db").toString();
    Cli.Result first = Cli.run("run", spec.toString(), "--name", "nightly-2026-12-01", "--db", db,
        "--warm-start", "previous");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.err()).contains("warm start: no earlier sweep of 'nightly' with a complete trial; starting cold",
        "initial trials: 1 from the spec run first");
    Cli.Result second = Cli.run("run", spec.toString(), "--name", "nightly-2026-12-02", "--db", db,
        "--warm-start", "previous");
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.err()).contains("warm start: 3 trial(s) of nightly-2026-12-01 used at weight 0.75");
    int publishedFrom;
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      List<TrialRecord> search = store.trials(store.sweep("nightly-2026-12-02").orElseThrow().id()).stream()
          .filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search.get(0).params()).isEqualTo(Map.of("learning_rate", 3.0e-4));
      TrialRecord published = store.trial(store.sweep("nightly-2026-12-02").orElseThrow().bestTrialId());
      publishedFrom = published.phase() == Phase.RETRAIN ? store.trial(published.sourceTrialId()).number()
          : published.number();
    }
    // the published model's provenance says how the search started, and whether its parameters were an initial trial
    JsonNode provenance = Json.tree(Files.readString(dir.resolve("runs/nightly-2026-12-02/best/provenance.json")));
    assertThat(provenance.path("warm_start").path("used").asInt()).isEqualTo(3);
    assertThat(provenance.path("warm_start").path("weight").asDouble()).isEqualTo(0.75);
    assertThat(provenance.path("warm_start").path("sweeps").get(0).path("name").asText())
        .isEqualTo("nightly-2026-12-01");
    assertThat(provenance.path("initial_trials").path("trials").get(0).path("learning_rate").asDouble())
        .isEqualTo(3e-4);
    assertThat(provenance.has("initial_trial")).isTrue();
    if (publishedFrom == 0) {
      assertThat(provenance.path("initial_trial").asInt()).isZero();
    } else {
      assertThat(provenance.path("initial_trial").isNull()).as(provenance.toString()).isTrue();
    }

    Cli.Result status = Cli.run("status", "nightly-2026-12-02", "--db", db);
    assertThat(status.out()).contains("warm start: 3 trial(s) of nightly-2026-12-01 at weight 0.75",
        "initial trials: 1 from the spec (trial 0) learning_rate=3e-04");
    JsonNode json = Json.tree(Cli.run("status", "nightly-2026-12-02", "--db", db, "--json").out());
    assertThat(json.path("warm_start").path("used").asInt()).isEqualTo(3);
    assertThat(json.path("warm_start").path("from").get(0).asText()).isEqualTo("previous");
    assertThat(json.path("initial_trials").path("source").asText()).isEqualTo("spec");
    assertThat(json.path("initial_trials").path("trials").get(0).path("learning_rate").asDouble()).isEqualTo(3e-4);
    JsonNode cold = Json.tree(Cli.run("status", "nightly-2026-12-01", "--db", db, "--json").out());
    assertThat(cold.path("warm_start").path("used").asInt()).isZero();
    assertThat(Cli.run("status", "nightly-2026-12-01", "--db", db).out())
        .contains("warm start: from [previous]: no earlier sweep found, started cold");
  }

  @Test
  void aCountBelowTheInitialTrialsRunsTheFirstOnesAndSaysSo() throws Exception {
    Path spec = dir.resolve("few.yaml");
    Files.writeString(spec, "runs_dir: " + dir.resolve("runs") + "\n" + """
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.01}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 4
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 1}
        initial_trials:
          - {learning_rate: 3.0e-4}
          - {learning_rate: 1.0e-3}
          - {learning_rate: 2.0e-5}
        """);
    String db = dir.resolve("sweep.db").toString();
    Cli.Result r = Cli.run("run", spec.toString(), "--db", db, "--count", "2");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("initial trials: 3 from the spec, of which the first 2 run (the run cap is 2)");
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      List<TrialRecord> search = store.trials(store.sweep("few").orElseThrow().id()).stream()
          .filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).extracting(TrialRecord::params)
          .containsExactly(Map.of("learning_rate", 3.0e-4), Map.of("learning_rate", 1.0e-3));
    }
  }
}
