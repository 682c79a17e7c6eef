package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.backend.LocalProcessBackend;
import sweep.backend.TrialLauncher;
import sweep.report.LogLines;
import sweep.spec.Goal;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.train.TaskTypes;
import sweep.testing.Cli;
import sweep.util.Json;

/** Trials that run too long or stop showing signs of life are killed and failed; the sweep goes on. */
class DeadlinesTest {
  @TempDir Path dir;

  private Path spec(String name, String trial) throws Exception {
    return spec(name, trial, "");
  }

  private Path spec(String name, String trial, String fail) throws Exception {
    return specFile(name, """
        task: benchmark
        benchmark: {problem: log-sensitive, epoch_seconds: 1.5%s}
        metric: {name: val_score, goal: maximize}
        parameters:
          learning_rate: {values: [0.0003]}
        """.formatted(fail), trial);
  }

  /** A one-trial grid sweep of the task described by {@code task}, not retried, writing under the test's dir. */
  private Path specFile(String name, String task, String trial) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "name: " + name + "\n" + task + """
        method: grid
        trial: %s
        max_retries: 0
        runs_dir: %s
        """.formatted(trial, dir.resolve("runs")));
    return f;
  }

  @Test
  void aHungTrialIsKilledAtItsTimeoutAndFailed() throws Exception {
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec("hung", "{epochs: 20, timeout: 4s}", ", fail: {trials: [0], epoch: 2, mode: hang}")
        .toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText()).isEqualTo("ran longer than 4s (timeout); killed");
    assertThat(t.path("last_epoch").asInt()).as("hung in epoch 2").isEqualTo(1);
  }

  @Test
  void aTrialThatFallsSilentIsKilledAfterTheHeartbeatTimeout() throws Exception {
    String db = dir.resolve("s.db").toString();
    Path spec = spec("frozen", "{epochs: 40, heartbeat_timeout: 3s}");
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", spec.toString(), "--db",
        db));
    long pid = sweep.testing.StorePolling.waitForPid(Path.of(db), "frozen",
        t -> t.state() == TrialState.RUNNING && t.lastEpoch() != null);
    assertThat(pid).as("a trial got going").isPositive();
    // Freeze the trial's JVM: it stays alive but sends nothing, as a wedged process would.
    assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
    Cli.Result r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText()).isEqualTo("no output or progress for 3s (heartbeat_timeout); killed");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  /** A command trial running {@code script} (Python) with the given trial settings. */
  private Path commandSpec(String name, String trial, String script) throws Exception {
    Path program = dir.resolve(name + ".py");
    Files.writeString(program, script);
    return specFile(name, """
        task: command
        command: [python3, %s]
        metric: {name: val_f1, goal: maximize}
        parameters:
          x: {values: [1]}
        """.formatted(program), trial);
  }

  @Test
  void aCommandThatGoesSilentIsKilledWithinTheHeartbeatTimeoutOfItsLastOutput() throws Exception {
    // A progress bar on stderr (carriage returns, no newline) for 5 s, longer than heartbeat_timeout, then a hang
    // with the trial's JVM still up and well.
    Path spec = commandSpec("stuck", "{epochs: 3, heartbeat_timeout: 3s}", """
        import os, sys, time
        for i in range(11):
            sys.stderr.write("\\rstep %d/100" % i)
            sys.stderr.flush()
            last = time.time()
            if i < 10:
                time.sleep(0.5)
        with open(os.path.join(os.environ["SWEEP_TRIAL_DIR"], "last-output"), "w") as f:
            f.write(repr(last))
        time.sleep(100000)
        """);
    String db = dir.resolve("s.db").toString();
    Cli.Result r = CompletableFuture.supplyAsync(() -> Cli.run("run", spec.toString(), "--db", db))
        .get(60, TimeUnit.SECONDS);

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    TrialRecord t = sweep.testing.StorePolling.trials(Path.of(db), "stuck").get(0);
    assertThat(t.state()).isEqualTo(TrialState.FAILED);
    assertThat(t.reason()).isEqualTo("no output or progress for 3s (heartbeat_timeout); killed");
    double last = Double.parseDouble(Files.readString(Path.of(t.trialDir(), "last-output")));
    double killedAfter = t.endedAt().toEpochMilli() / 1000.0 - last;
    assertThat(killedAfter).as("seconds from the last output to the trial's end").isBetween(3.0, 5.0);
    assertThat(Files.readString(Path.of(t.trialDir(), "trial.log"))).contains("\rstep 10/100");
  }

  @Test
  void aCommandMayTakeLongerThanTheHeartbeatTimeoutToStart() throws Exception {
    Path spec = commandSpec("slow", "{epochs: 2, heartbeat_timeout: 2s}", """
        import json, time
        time.sleep(6)  # loading, before the first output: start-up, not silence
        for epoch in (1, 2):
            print(json.dumps({"epoch": epoch, "val_f1": 0.5 + epoch / 10}), flush=True)
        """);
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec.toString(), "--db", db);

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("COMPLETE");
    assertThat(t.path("last_epoch").asInt()).isEqualTo(2);
  }

  @Test
  void aCommandThatNeverStartsIsKilledAtTheStartupTimeout() throws Exception {
    Path spec = commandSpec("never", "{epochs: 2, heartbeat_timeout: 1h, startup_timeout: 3s}", """
        import time
        time.sleep(100000)
        """);
    String db = dir.resolve("s.db").toString();
    Cli.Result r = CompletableFuture.supplyAsync(() -> Cli.run("run", spec.toString(), "--db", db))
        .get(60, TimeUnit.SECONDS);

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText())
        .isEqualTo("did not start within 3s (startup_timeout): no output or progress since it was launched; killed");
  }

  @Test
  void aTrialProcessThatIsSlowToStartIsNotKilledAsSilent() throws Exception {
    // The trial's JVM takes 6 s to come up (a loaded machine), three times heartbeat_timeout.
    Path java = dir.resolve("slow-java");
    Files.writeString(java, "#!/bin/sh\nsleep 6\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    SweepSpec spec = new SpecLoader(Map.of(), TaskTypes.all())
        .load(spec("slowjvm", "{epochs: 2, heartbeat_timeout: 2s}"));
    Path db = dir.resolve("s.db");
    TrialLauncher launcher = new TrialLauncher(java.toString(), System.getProperty("java.class.path"), List.of(),
        Map.of());
    StringWriter log = new StringWriter();
    try (Store store = SqliteStore.open(db, Clock.systemUTC());
         ArtifactStore artifacts = ArtifactStores.open(spec.artifacts(), Map.of());
         LogLines progress = new LogLines(new PrintWriter(log, true), Clock.systemUTC(), "val_score",
             Goal.MAXIMIZE)) {
      SweepRunner.Outcome outcome = new SweepRunner(spec, TaskTypes.named("benchmark").orElseThrow(), store,
          progress, new LocalProcessBackend(launcher), artifacts, Map.of()).run(false);

      assertThat(outcome.exitCode()).as(outcome.summary() + "\n" + log).isZero();
      TrialRecord t = store.trials(outcome.sweep().id()).get(0);
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      assertThat(t.lastEpoch()).isEqualTo(2);
    }
  }
}
