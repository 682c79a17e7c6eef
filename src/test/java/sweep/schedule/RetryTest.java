package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/** Crashed trials are retried from their checkpoint; too many failures end the sweep with a summary. */
class RetryTest {
  @TempDir Path dir;

  private Path spec(String name, String fail, String extra) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, """
        name: %s
        task: benchmark
        benchmark: {problem: log-sensitive, fail: %s}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 4}
        runs_dir: %s
        %s
        """.formatted(name, fail, dir.resolve("runs"), extra));
    return f;
  }

  @Test
  void aCrashedTrialIsRetriedFromItsLastCheckpoint() throws Exception {
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec("crash", "{trials: [1], epoch: 3, mode: crash}", "").toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("crash").orElseThrow();
      TrialRecord t = store.trials(s.id()).get(1);
      assertThat(t.state().name()).isEqualTo("COMPLETE");
      assertThat(t.attempts()).isEqualTo(2);
      assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
      assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("requeued")
          && e.message().contains("attempt 1 failed (exit code 3") && e.message().contains("injected crash")
          && e.message().endsWith("retrying from checkpoint-2"));
    }
  }

  @Test
  void withoutRetriesTheTrialFailsAndMaxFailedTrialsEndsTheSweep() throws Exception {
    String db = dir.resolve("s.db").toString();
    Path file = spec("give-up", "{trials: [0, 1, 2], epoch: 1, mode: crash}", "max_retries: 0\nmax_failed_trials: 2");
    Files.writeString(file, Files.readString(file).replace("max_parallel: 2", "max_parallel: 1"));
    Cli.Result r = Cli.run("run", file.toString(), "--db", db);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("search trials failed (max_failed_trials 2)").contains("#0: exit code 3");
    JsonNode trials = Json.tree(Cli.run("trials", "--db", db, "--json").out());
    long failed = 0;
    for (JsonNode t : trials) {
      failed += t.path("state").asText().equals("FAILED") ? 1 : 0;
    }
    assertThat(failed).isEqualTo(2);
    assertThat(trials).as("no trial started after the second failure").hasSize(2);
  }

  @Test
  void aDivergedTrialIsNotRetried() throws Exception {
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec("nan", "{trials: [0], epoch: 2, mode: nan}", "max_retries: 3").toString(),
        "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("attempts").asInt()).isEqualTo(1);
    assertThat(t.path("reason").asText()).startsWith("diverged: val_score=NaN at epoch 2");
  }

  @Test
  void aTrialKilledWithSigkillIsRetriedFromItsCheckpoint() throws Exception {
    String db = dir.resolve("s.db").toString();
    Path file = dir.resolve("killed.yaml");
    Files.writeString(file, """
        name: killed
        task: benchmark
        benchmark: {problem: log-sensitive, epoch_seconds: 0.5}
        method: grid
        metric: {name: val_score, goal: maximize}
        parameters:
          learning_rate: {values: [0.0003]}
        trial: {epochs: 6}
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> Cli.run("run", file.toString(), "--db", db));
    long pid = sweep.testing.StorePolling.waitForPid(Path.of(db), "killed", t -> t.state().name().equals("RUNNING")
        && t.lastCheckpointEpoch() != null && t.lastCheckpointEpoch() >= 2);
    assertThat(pid).isPositive();
    assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor()).isZero();
    Cli.Result r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("killed").orElseThrow();
      TrialRecord t = store.trials(s.id()).get(0);
      assertThat(t.state().name()).isEqualTo("COMPLETE");
      assertThat(t.attempts()).isEqualTo(2);
      assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("requeued")
          && e.message().contains("exit code 137") && e.message().matches(".*retrying from checkpoint-[2-6]$"));
    }
  }

  @Test
  void outOfMemoryIsRetriedWithHalfTheBatchAndTwiceTheAccumulation() throws Exception {
    String db = dir.resolve("s.db").toString();
    Path file = dir.resolve("oom.yaml");
    Files.writeString(file, """
        name: oom
        task: benchmark
        benchmark: {problem: batch-lr, fail: {trials: [0], epoch: 2, mode: oom}}
        method: grid
        metric: {name: val_score, goal: maximize}
        parameters:
          learning_rate: {values: [0.00005]}
          per_device_train_batch_size: {values: [16]}
          gradient_accumulation_steps: {value: 2}
        trial: {epochs: 3}
        max_retries: 0
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    Cli.Result r = Cli.run("run", file.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("oom").orElseThrow();
      TrialRecord t = store.trials(s.id()).get(0);
      assertThat(t.state().name()).isEqualTo("COMPLETE");
      assertThat(t.params()).containsEntry("per_device_train_batch_size", 8L)
          .containsEntry("gradient_accumulation_steps", 4L);
      assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("params-changed")
          && e.message().equals("out of memory: retrying with per_device_train_batch_size 8,"
          + " gradient_accumulation_steps 4 (same effective batch)"));
      assertThat(store.provenance(t.id()).orElseThrow().params()).containsEntry("per_device_train_batch_size", 8L);
    }
  }
}
