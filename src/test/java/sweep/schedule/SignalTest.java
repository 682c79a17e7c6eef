package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;

/** SIGTERM to {@code sweep run}: trials stop, the sweep is INTERRUPTED, exit 143, and --resume finishes it. */
class SignalTest {
  @TempDir Path dir;

  @Test
  void sigtermStopsTrialsRecordsTheInterruptionAndResumeFinishes() throws Exception {
    Path spec = slowSpec(dir, "term");
    Path db = dir.resolve("s.db");
    Process orchestrator = new ProcessBuilder(KillAndResumeTest.javaCommand("run", spec.toString(), "--db",
        db.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
    awaitAnEpochOfARunningTrial(db, "term");
    orchestrator.destroy();
    assertThat(orchestrator.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(orchestrator.exitValue()).as(Files.readString(dir.resolve("run.log"))).isEqualTo(143);
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep("term").orElseThrow();
      assertThat(s.state()).isEqualTo(SweepState.INTERRUPTED);
      for (TrialRecord t : store.trials(s.id())) {
        if (t.pid() != null && t.state() == TrialState.RUNNING) {
          assertThat(ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false)).as("trial process gone")
              .isFalse();
        }
      }
    }
    Cli.Result resumed = Cli.run("run", spec.toString(), "--db", db.toString(), "--resume");
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep("term").orElseThrow();
      assertThat(s.state()).isEqualTo(SweepState.COMPLETE);
      assertThat(store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH))
          .extracting(TrialRecord::number).containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  void sigtermStopsAReproductionAndRecordsItInterruptedNotRunning() throws Exception {
    Path spec = slowSpec(dir, "again").resolveSibling("again.yaml");
    Files.writeString(spec, Files.readString(spec).replace("run_cap: 4", "run_cap: 1"));
    Path db = dir.resolve("r.db");
    Cli.Result first = Cli.run("run", spec.toString(), "--db", db.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    Process reproduce = new ProcessBuilder(KillAndResumeTest.javaCommand("reproduce", "0", "--db", db.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("reproduce.log").toFile()).start();
    awaitAnEpochOfARunningTrial(db, "again-reproduce-0-1");
    reproduce.destroy();
    assertThat(reproduce.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("reproduce.log"));
    assertThat(reproduce.exitValue()).as(log).isEqualTo(143);
    assertThat(log).contains("reproduction 'again-reproduce-0-1' interrupted; nothing was compared");
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      assertThat(store.sweep("again-reproduce-0-1").orElseThrow().state()).isEqualTo(SweepState.INTERRUPTED);
    }
  }

  /** A 4-trial benchmark sweep named {@code name}, two trials at a time, each epoch taking half a second. */
  static Path slowSpec(Path dir, String name) throws java.io.IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        task: benchmark
        benchmark: {problem: log-sensitive, epoch_seconds: 0.5}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 4
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 6}
        runs_dir: %s
        """.formatted(name, dir.resolve("runs")));
    return spec;
  }

  /** Waits (up to a minute) until a running trial of the sweep has recorded an epoch. */
  static void awaitAnEpochOfARunningTrial(Path db, String name) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && sweep.testing.StorePolling.trials(db, name).stream()
        .noneMatch(t -> t.state() == TrialState.RUNNING && t.lastEpoch() != null)) {
      Thread.sleep(100);
    }
  }
}
