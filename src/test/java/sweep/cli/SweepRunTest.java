package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.schedule.RunLock;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.Provenance;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.util.Json;

/** Whole sweeps through the CLI, with trials in their own JVMs. */
class SweepRunTest {
  @TempDir Path dir;

  private Path spec(String name, String body) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "name: " + name + "\nruns_dir: " + dir.resolve("runs") + "\n" + body);
    return file;
  }

  private String db() {
    return dir.resolve("sweep.db").toString();
  }

  static final String BENCHMARK = """
      task: benchmark
      benchmark: {problem: log-sensitive, noise: 0.01}
      method: random
      seed: 11
      metric: {name: val_score, goal: maximize}
      run_cap: 6
      max_parallel: 3
      parameters:
        learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
      trial: {epochs: 4, early_stopping_patience: 1, early_stopping_threshold: 0.0}
      retrain: {epochs: 6}
      """;

  @Test
  void benchmarkSweepRecordsEverythingAndBestNamesTheRightTrial() throws Exception {
    Cli.Result r = Cli.run("run", spec("bench", BENCHMARK).toString(), "--db", db());
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      SweepRecord s = store.sweep("bench").orElseThrow();
      List<TrialRecord> trials = store.trials(s.id());
      List<TrialRecord> search = trials.stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).hasSize(6).allMatch(t -> t.state() == TrialState.COMPLETE);
      assertThat(search.stream().map(TrialRecord::number)).containsExactly(0, 1, 2, 3, 4, 5);
      for (TrialRecord t : trials) {
        assertThat(t.params()).containsKey("learning_rate");
        List<EpochRecord> epochs = store.epochs(t.id());
        assertThat(epochs).isNotEmpty();
        assertThat(epochs.get(0).metrics()).containsKeys("val_score", "val_loss", "train_loss");
        Provenance p = store.provenance(t.id()).orElseThrow();
        assertThat(p.specHash()).isEqualTo(s.specHash());
        assertThat(p.seed()).isEqualTo(t.seed());
        assertThat(p.params()).isEqualTo(t.params());
        assertThat(p.javaVersion()).contains(System.getProperty("java.specification.version"));
        assertThat(p.libraries()).containsKeys("picocli", "sqlite-jdbc", "commons-math3");
        assertThat(p.sweepVersion()).isNotBlank();
      }
      // The best search trial, found from the raw per-epoch metrics rather than the store's summary columns.
      TrialRecord bestSearch = search.stream().max(Comparator.comparingDouble(t -> maxScore(store, t))).orElseThrow();
      TrialRecord retrain = trials.stream().filter(t -> t.phase() == Phase.RETRAIN).findFirst().orElseThrow();
      assertThat(retrain.sourceTrialId()).isEqualTo(bestSearch.id());
      assertThat(retrain.params()).isEqualTo(bestSearch.params());
      assertThat(retrain.state()).isEqualTo(TrialState.COMPLETE);

      Cli.Result best = Cli.run("best", "--db", db(), "--json");
      assertThat(best.code()).as(best.toString()).isZero();
      JsonNode b = Json.tree(best.out());
      assertThat(b.path("phase").asText()).isEqualTo("retrain");
      assertThat(b.path("source_trial").asInt()).isEqualTo(bestSearch.number());
      assertThat(b.path("value").asDouble()).isEqualTo(maxScore(store, retrain));
      assertThat(b.path("search_value").asDouble()).isEqualTo(maxScore(store, bestSearch));
      Path checkpoint = Path.of(b.path("checkpoint").asText());
      assertThat(checkpoint).isEqualTo(dir.resolve("runs/bench/best"));
      int epochInCheckpoint = Json.tree(Files.readString(checkpoint.resolve("state.json"))).path("epoch").asInt();
      assertThat(epochInCheckpoint).isEqualTo(b.path("epoch").asInt());
      JsonNode state = Json.tree(Files.readString(checkpoint.resolve("trainer_state.json")));
      assertThat(state.path("best_metric").asDouble()).isEqualTo(b.path("value").asDouble());
      // One evaluation entry per epoch up to the published checkpoint's, as the Trainer logs them.
      long evaluations = 0;
      for (JsonNode entry : state.path("log_history")) {
        evaluations += entry.has("eval_score") ? 1 : 0;
      }
      assertThat(evaluations).isEqualTo(b.path("epoch").asLong());
    }
    Cli.Result trials = Cli.run("trials", "--db", db(), "--json");
    JsonNode list = Json.tree(trials.out());
    assertThat(list).hasSize(7);
    assertThat(list.get(6).path("phase").asText()).isEqualTo("retrain");
    Cli.Result status = Cli.run("status", "bench", "--db", db());
    assertThat(status.out()).contains("COMPLETE").contains("complete=6");
  }

  private static double maxScore(Store store, TrialRecord t) {
    return store.epochs(t.id()).stream().mapToDouble(e -> e.metrics().get("val_score")).max().orElseThrow();
  }

  @Test
  void earlyStoppingStopsATrialThatStallsAndKeepsItsBestEpoch() throws Exception {
    // A high rate on the crossing curves plateaus at once: 0.527, 0.627, 0.643... With threshold 0.05 and
    // patience 1, epoch 3 improves too little and stops the trial; HF semantics still move the best to epoch 3.
    Path file = spec("stall", """
        task: benchmark
        benchmark: {problem: crossing, noise: 0.0}
        method: grid
        metric: {name: val_score, goal: maximize}
        parameters:
          learning_rate: {values: [0.01]}
        trial: {epochs: 8, early_stopping_patience: 1, early_stopping_threshold: 0.05}
        """);
    assertThat(Cli.run("run", file.toString(), "--db", db()).code()).isZero();
    JsonNode trials = Json.tree(Cli.run("trials", "stall", "--db", db(), "--json").out());
    JsonNode t = trials.get(0);
    assertThat(t.path("state").asText()).isEqualTo("COMPLETE");
    assertThat(t.path("reason").asText()).startsWith("early stopping");
    assertThat(t.path("last_epoch").asInt()).isEqualTo(3);
    assertThat(t.path("best_epoch").asInt()).isEqualTo(3);
  }

  @Test
  void commandSweepRunsAScriptAndKeepsItsLog() throws Exception {
    Path file = spec("cmd", """
        task: command
        command: [python3, examples/command/train.py, --lr, "${learning_rate}", --epochs, "${epochs}"]
        method: sobol
        metric: {name: val_f1, goal: maximize}
        run_cap: 3
        max_parallel: 3
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-3}
        trial: {epochs: 3}
        retrain: {epochs: 4}
        """);
    Cli.Result r = Cli.run("run", file.toString(), "--db", db());
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode trials = Json.tree(Cli.run("trials", "cmd", "--db", db(), "--json").out());
    assertThat(trials).hasSize(4);
    for (JsonNode t : trials) {
      assertThat(t.path("state").asText()).isEqualTo("COMPLETE");
      assertThat(t.path("best_checkpoint").asText()).endsWith("checkpoint-" + t.path("best_epoch").asInt());
      Path log = Path.of(t.path("trial_dir").asText(), "trial.log");
      assertThat(Files.readString(log)).contains("training with {'learning_rate'");
    }
    JsonNode best = Json.tree(Cli.run("best", "cmd", "--db", db(), "--json").out());
    assertThat(best.path("epoch").asInt()).isEqualTo(4);
    assertThat(Path.of(best.path("checkpoint").asText()).resolve("state.json")).exists();
  }

  @Test
  void aTrialFileWhoseNameCannotBeAKeyIsLeftOutOfTheSyncByNameAndTheSweepCompletes() throws Exception {
    Path artifacts = dir.resolve("store");
    Path program = dir.resolve("odd.py");
    Files.writeString(program, """
        import os
        open(os.path.join(os.environ["SWEEP_TRIAL_DIR"], "a" + chr(10) + "b.txt"), "w").write("x")
        print('{"epoch": 1, "val_f1": 0.5}')
        """);
    Path file = spec("odd", """
        task: command
        command: [python3, %s]
        metric: {name: val_f1, goal: maximize}
        run_cap: 1
        parameters:
          x: {values: [1]}
        trial: {epochs: 1}
        artifacts: %s
        """.formatted(program, artifacts));
    Cli.Result r = Cli.run("run", file.toString(), "--db", db());
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      SweepRecord s = store.sweep("odd").orElseThrow();
      assertThat(s.state()).isEqualTo(sweep.store.SweepState.COMPLETE);
      assertThat(store.events(s.id())).filteredOn(e -> e.type().equals("sync-left-out")).singleElement()
          .satisfies(e -> assertThat(e.message()).contains("'a\\nb.txt'").doesNotContain("\n"));
    }
    assertThat(Files.readString(dir.resolve("runs/odd/trial-0000/a\nb.txt"))).as("kept locally").isEqualTo("x");
    assertThat(artifacts.resolve("runs/odd/trial-0000/manifest.json")).exists();
  }

  @Test
  void crashingDivergingAndSilentTrialsFailWithTheirReasonAndTheSweepFails() throws Exception {
    String body = """
        task: command
        command: [python3, examples/command/train.py, --lr, "${learning_rate}", --epochs, "${epochs}"]
        env: {%s: "2"}
        method: grid
        metric: {name: val_f1, goal: maximize}
        parameters:
          learning_rate: {values: [0.0003]}
        trial: {epochs: 3}
        """;
    Cli.Result crash = Cli.run("run", spec("crash", body.formatted("TRAIN_FAIL_AT")).toString(), "--db", db());
    assertThat(crash.code()).isEqualTo(1);
    assertThat(crash.out()).contains("no search trial reported val_f1");
    JsonNode t = Json.tree(Cli.run("trials", "crash", "--db", db(), "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText()).contains("exit code 1").contains("CUDA error");

    Cli.Result nan = Cli.run("run", spec("nan", body.formatted("TRAIN_NAN_AT")).toString(), "--db", db());
    JsonNode n = Json.tree(Cli.run("trials", "nan", "--db", db(), "--json").out()).get(0);
    assertThat(n.path("state").asText()).isEqualTo("FAILED");
    assertThat(n.path("reason").asText()).isEqualTo("diverged: val_f1=NaN at epoch 2");
    assertThat(nan.code()).isEqualTo(1);

    Path silent = spec("silent", """
        task: command
        command: [python3, -c, "print('no metrics here')"]
        metric: {name: val_f1, goal: maximize}
        run_cap: 1
        parameters:
          x: {values: [1]}
        trial: {epochs: 1}
        """);
    assertThat(Cli.run("run", silent.toString(), "--db", db()).code()).isEqualTo(1);
    JsonNode s = Json.tree(Cli.run("trials", "silent", "--db", db(), "--json").out()).get(0);
    assertThat(s.path("reason").asText()).isEqualTo("never reported val_f1");
  }

  @Test
  void aSecondRunOnTheSameDatabaseExitsThree() throws Exception {
    Path file = spec("locked", BENCHMARK);
    try (RunLock held = RunLock.acquire(Path.of(db()))) {
      Cli.Result r = Cli.run("run", file.toString(), "--db", db());
      assertThat(r.code()).isEqualTo(3);
      assertThat(r.err()).contains("another sweep run holds").contains("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void theLockIsTheDatabaseFilesWhateverPathNamesIt() throws Exception {
    Path file = spec("linked", BENCHMARK);
    Path realDir = Files.createDirectories(dir.resolve("real"));
    Path real = realDir.resolve("real.db");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), real); // its target does not exist yet
    Path dirLink = Files.createSymbolicLink(dir.resolve("alias"), realDir);
    try (RunLock held = RunLock.acquire(real)) {
      for (Path other : List.of(link, dirLink.resolve("real.db"), dirLink.resolve("../real/real.db"))) {
        Cli.Result r = Cli.run("run", file.toString(), "--db", other.toString());
        assertThat(r.code()).as(other + ": " + r).isEqualTo(3);
        assertThat(r.err()).contains("another sweep run holds " + other).contains(real.toString());
      }
    }
    assertThat(Files.exists(real)).as("nothing was run").isFalse();
  }

  @Test
  void rerunNeedsResumeAndResumeRefusesAChangedSpec() throws Exception {
    Path file = spec("again", BENCHMARK.replace("run_cap: 6", "run_cap: 2").replace("retrain: {epochs: 6}", ""));
    assertThat(Cli.run("run", file.toString(), "--db", db()).code()).isZero();
    Cli.Result twice = Cli.run("run", file.toString(), "--db", db());
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("already exists").contains("--resume");
    Cli.Result done = Cli.run("run", file.toString(), "--db", db(), "--resume");
    assertThat(done.code()).isZero();
    assertThat(done.out()).contains("already complete");
    Files.writeString(file, Files.readString(file).replace("seed: 11", "seed: 12"));
    Cli.Result changed = Cli.run("run", file.toString(), "--db", db(), "--resume");
    assertThat(changed.code()).isEqualTo(2);
    assertThat(changed.err()).contains("the spec changed");
    Cli.Result renamed = Cli.run("run", file.toString(), "--db", db(), "--name", "again-2");
    assertThat(renamed.code()).as(renamed.toString()).isZero();
    assertThat(Cli.run("best", "--db", db(), "--json").out()).contains("\"sweep\" : \"again-2\"");
  }

  @Test
  void planIsTheSameTwiceAndDryRunTouchesNothing() throws Exception {
    Path file = spec("plan", BENCHMARK);
    Cli.Result a = Cli.run("plan", file.toString(), "--json");
    Cli.Result b = Cli.run("plan", file.toString(), "--json");
    assertThat(a.code()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
    assertThat(Json.tree(a.out())).hasSize(6);
    Cli.Result dry = Cli.run("run", file.toString(), "--db", db(), "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).contains("is valid");
    assertThat(Path.of(db())).doesNotExist();
    Cli.Result missing = Cli.run("status", "--db", db());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no database at");
  }

  @Test
  void bestPromoteGatesOnTheCurrentProductionModelAndRecordsEachDecision() throws Exception {
    Path artifacts = dir; // the parent of runs_dir: the spec's artifact store by default
    Path file = spec("night-1", BENCHMARK.replace("run_cap: 6", "run_cap: 3").replace("retrain: {epochs: 6}",
        "retrain: {epochs: 4}\npromote: {min_delta: 0.0}"));
    assertThat(Cli.run("run", file.toString(), "--db", db()).code()).isZero();
    for (String delta : List.of("NaN", "Infinity", "-0.1")) {
      Cli.Result bad = Cli.run("best", "night-1", "--db", db(), "--promote", "--min-delta", delta);
      assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
      assertThat(bad.err().strip()).doesNotContain("\n").contains("--min-delta must be a finite number of 0 or more");
    }
    Cli.Result first = Cli.run("best", "night-1", "--db", db(), "--promote", "--artifacts", artifacts.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("promoted night-1");
    JsonNode pointer = Json.tree(Files.readString(artifacts.resolve("production/CURRENT.json")));
    assertThat(pointer.path("sweep").asText()).isEqualTo("night-1");
    assertThat(artifacts.resolve(pointer.path("manifest").asText())).exists();
    Cli.Result elsewhere = Cli.run("best", "night-1", "--db", db(), "--promote", "--artifacts",
        dir.resolve("elsewhere").toString());
    assertThat(elsewhere.code()).as("a store without the synced checkpoint").isEqualTo(1);
    assertThat(elsewhere.err()).contains("no manifest at").contains("production is unchanged");

    Cli.Result again = Cli.run("best", "night-1", "--db", db(), "--promote", "--artifacts", artifacts.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("not promoted");
    try (RunLock held = RunLock.acquire(Path.of(db()))) {
      assertThat(Cli.run("best", "night-1", "--db", db(), "--promote", "--artifacts", artifacts.toString()).code())
          .isEqualTo(3);
    }
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      var promotions = store.promotions(store.sweep("night-1").orElseThrow().id());
      assertThat(promotions).extracting(sweep.store.PromotionRecord::promoted).containsExactly(true, false, false);
      assertThat(promotions.get(1).message()).startsWith("failed: no manifest at");
    }
  }
}
