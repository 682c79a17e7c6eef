package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.ProvenanceFile;
import sweep.schedule.Replay;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * {@code sweep reproduce} on the benchmark task: a recorded trial runs again bit for bit from its provenance, a
 * doctored provenance (another git commit, another DJL) is reported, a bad TRIAL is one line and exit 2; and the
 * published model's {@code provenance.json}, which promotion carries and {@code CURRENT.json} names, holds no
 * credential's value.
 */
class ReproduceCommandTest {
  private static final String PLANTED = "plantedHubToken0004";

  @TempDir Path dir;

  private Path spec() throws Exception {
    Path file = dir.resolve("inputs/bench.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        name: bench
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.02}
        method: random
        seed: 5
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
          note: {value: "${HUB_TOKEN}"}
        trial: {epochs: 4, early_stopping_patience: 1, early_stopping_threshold: 0.0}
        retrain: {epochs: 3}
        runs_dir: %s
        artifacts: %s
        """.formatted(dir.resolve("runs"), dir.resolve("store")));
    return file;
  }

  private String db() {
    return dir.resolve("sweep.db").toString();
  }

  private static final Map<String, String> ENV = Map.of("HUB_TOKEN", PLANTED);

  @Test
  void aBenchmarkTrialIsReproducedBitForBitAndItsProvenanceTravelsWithTheModel() throws Exception {
    Cli.Result run = Cli.run(ENV, "run", spec().toString(), "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();

    // best/ holds provenance.json: the published trial, how to make it again, what it scored
    JsonNode best = Json.tree(Cli.run(ENV, "best", "--db", db(), "--json").out());
    JsonNode prov = Json.tree(Files.readString(dir.resolve("runs/bench/best").resolve(ProvenanceFile.NAME)));
    assertThat(prov.path("sweep").asText()).isEqualTo("bench");
    assertThat(prov.path("trial").asInt()).isEqualTo(best.path("trial").asInt());
    assertThat(prov.path("phase").asText()).isEqualTo(best.path("phase").asText());
    assertThat(prov.path("params").path("learning_rate").asDouble())
        .isEqualTo(best.path("params").path("learning_rate").asDouble());
    assertThat(prov.path("params").path("note").asText()).isEqualTo("***");
    assertThat(prov.path("metric").asText()).isEqualTo("val_score");
    assertThat(prov.path("value").asDouble()).isEqualTo(best.path("value").asDouble());
    assertThat(prov.path("spec_hash").asText()).matches("[0-9a-f]{64}");
    assertThat(prov.path("sweep_version").asText()).isNotBlank();
    assertThat(prov.path("java_version").asText()).contains(System.getProperty("java.specification.version"));
    assertThat(prov.path("djl_version").asText()).isNotBlank();
    assertThat(prov.path("cpu_threads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(prov.has("seed") && prov.has("data_source") && prov.has("data_hash") && prov.has("git_commit")).isTrue();

    // promotion copies it and CURRENT.json names it
    Cli.Result promote = Cli.run(ENV, "best", "--db", db(), "--promote");
    assertThat(promote.code()).as(promote.toString()).isZero();
    JsonNode pointer = Json.tree(Files.readString(dir.resolve("store/production/CURRENT.json")));
    assertThat(Files.readString(dir.resolve("store").resolve(pointer.path("provenance").asText())))
        .isEqualTo(Files.readString(dir.resolve("runs/bench/best").resolve(ProvenanceFile.NAME)));

    // every search trial, run again, lands on its recorded curve bit for bit
    for (int number = 0; number < 3; number++) {
      int trial = number;
      Cli.Result again = Cli.run(ENV, "reproduce", Integer.toString(trial), "--db", db(), "--json");
      assertThat(again.code()).as(again.toString()).isZero();
      JsonNode r = Json.tree(again.out());
      assertThat(r.path("verdict").asText()).isEqualTo("exact");
      assertThat(r.path("reproduced").asBoolean()).isTrue();
      assertThat(r.path("reproduction_sweep").asText()).isEqualTo("bench-reproduce-" + trial + "-1");
      assertThat(r.path("max_difference").asDouble()).isZero();
      assertThat(r.path("differences")).as("same commit, versions, threads").isEmpty();
      try (Store store = SqliteStore.openReadOnly(Path.of(db()), Clock.systemUTC())) {
        SweepRecord s = store.sweep("bench").orElseThrow();
        TrialRecord original = store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList()
            .get(trial);
        List<EpochRecord> recorded = store.epochs(original.id());
        assertThat(r.path("epochs")).hasSize(recorded.size());
        SweepRecord copy = store.sweep(r.path("reproduction_sweep").asText()).orElseThrow();
        TrialRecord rerun = store.trials(copy.id()).get(0);
        assertThat(store.trials(copy.id())).hasSize(1);
        assertThat(rerun.seed()).isEqualTo(original.seed());
        assertThat(rerun.params()).isEqualTo(original.params());
        List<EpochRecord> reproduced = store.epochs(rerun.id());
        assertThat(reproduced).hasSameSizeAs(recorded);
        for (int e = 0; e < recorded.size(); e++) { // every metric, not only the sweep's
          for (var m : recorded.get(e).metrics().entrySet()) {
            assertThat(Double.doubleToLongBits(reproduced.get(e).metrics().get(m.getKey())))
                .as("%s at epoch %d", m.getKey(), e + 1).isEqualTo(Double.doubleToLongBits(m.getValue()));
          }
        }
        assertThat(store.events(copy.id())).anyMatch(ev -> ev.type().equals(Replay.EVENT)
            && ev.message().startsWith("trial #" + trial + " of sweep 'bench'"));
      }
    }

    // the retrain, which the sweep published, likewise
    Cli.Result retrain = Cli.run(ENV, "reproduce", "retrain", "--db", db(), "--json");
    assertThat(retrain.code()).as(retrain.toString()).isZero();
    assertThat(Json.tree(retrain.out()).path("verdict").asText()).isEqualTo("exact");
    assertThat(Json.tree(retrain.out()).path("phase").asText()).isEqualTo("retrain");
    assertThat(Json.tree(retrain.out()).path("reproduction_sweep").asText()).isEqualTo("bench-reproduce-retrain-1");

    // --epochs N: the first N epochs, on the trial's own schedule
    Cli.Result two = Cli.run(ENV, "reproduce", "bench/#2", "--epochs", "1", "--db", db(), "--json");
    assertThat(two.code()).as(two.toString()).isZero();
    assertThat(Json.tree(two.out()).path("epochs")).hasSize(1);
    assertThat(Json.tree(two.out()).path("reproduction_sweep").asText()).isEqualTo("bench-reproduce-2-2");

    // a provenance recorded under another commit and another DJL: reproduced all the same, and both reported
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE provenance SET git_commit = 'deadbeef0001', libraries_json = json_set(libraries_json,"
          + " '$.djl', '0.0.1') WHERE trial_id = (SELECT t.id FROM trials t JOIN sweeps s ON s.id = t.sweep_id"
          + " WHERE s.name = 'bench' AND t.phase = 'SEARCH' AND t.number = 1)");
    }
    Cli.Result doctored = Cli.run(ENV, "reproduce", "bench/trial-0001", "--db", db());
    assertThat(doctored.code()).as(doctored.toString()).isZero();
    assertThat(doctored.out()).contains("reproduced: exact")
        .contains("differs: git_commit deadbeef0001 recorded, null now")
        .contains("differs: libraries.djl 0.0.1 recorded, " + sweep.util.BuildInfo.libraries().get("djl") + " now");
    Cli.Result doctoredJson = Cli.run(ENV, "reproduce", "bench/1", "--db", db(), "--json");
    assertThat(Json.tree(doctoredJson.out()).path("differences")).extracting(d -> d.path("field").asText())
        .containsExactly("git_commit", "libraries.djl");

    // the rerun gets the recorded thread count, whatever this machine would give it
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE provenance SET cpu_threads = 1 WHERE trial_id = (SELECT t.id FROM trials t JOIN sweeps"
          + " s ON s.id = t.sweep_id WHERE s.name = 'bench' AND t.phase = 'SEARCH' AND t.number = 2)");
    }
    Cli.Result oneThread = Cli.run(ENV, "reproduce", "bench/2", "--db", db(), "--json");
    assertThat(oneThread.code()).as(oneThread.toString()).isZero();
    assertThat(Json.tree(oneThread.out()).path("differences")).isEmpty();
    try (Store store = SqliteStore.openReadOnly(Path.of(db()), Clock.systemUTC())) {
      SweepRecord copy = store.sweep(Json.tree(oneThread.out()).path("reproduction_sweep").asText()).orElseThrow();
      assertThat(store.provenance(store.trials(copy.id()).get(0).id()).orElseThrow().cpuThreads()).isEqualTo(1);
    }

    // a recorded value one ulp away: the benchmark must match bit for bit, so it does not reproduce (exit 1)
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE metrics SET value = value + 1e-15 WHERE name = 'val_score' AND epoch = 1 AND trial_id"
          + " = (SELECT t.id FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE s.name = 'bench'"
          + " AND t.phase = 'SEARCH' AND t.number = 0)");
    }
    Cli.Result differs = Cli.run(ENV, "reproduce", "bench/0", "--db", db(), "--json");
    assertThat(differs.code()).as(differs.toString()).isEqualTo(1);
    JsonNode d = Json.tree(differs.out());
    assertThat(d.path("verdict").asText()).isEqualTo("differs");
    assertThat(d.path("reproduced").asBoolean()).isFalse();
    assertThat(d.path("max_difference").asDouble()).isGreaterThan(0).isLessThan(1e-14);

    // no credential's value anywhere the sweeps wrote
    List<String> leaks = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("inputs"))).toList()) {
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(PLANTED)) {
          leaks.add(dir.relativize(f).toString());
        }
      }
    }
    assertThat(leaks).as("files holding the planted token").isEmpty();
  }

  @Test
  void aTrialThatIsNotThereIsOneLineAndExitTwo() throws Exception {
    Cli.Result run = Cli.run(ENV, "run", spec().toString(), "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();
    for (String[] args : List.of(new String[] {"42", "sweep 'bench' has no trial #42 (it has #0, #1, #2, retrain)"},
        new String[] {"seven", "TRIAL 'seven' names no trial"},
        new String[] {"nightly/3", "no sweep named 'nightly'"})) {
      Cli.Result r = Cli.run(ENV, "reproduce", args[0], "--db", db());
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(args[1]);
      assertThat(r.err().strip().lines()).hasSize(1);
    }
    Cli.Result tooMany = Cli.run(ENV, "reproduce", "0", "--epochs", "5", "--db", db());
    assertThat(tooMany.code()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--epochs must be between 1 and 4");
  }
}
