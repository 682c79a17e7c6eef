package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;

/** {@code kill -9} of the orchestrator mid-sweep, then {@code --resume}: nothing lost, nothing run twice. */
class KillAndResumeTest {
  @TempDir Path dir;

  private static final int RUN_CAP = 12;

  @Test
  void killNineAtRandomMomentsThenResumeEndsWithExactlyRunCapTrials() throws Exception {
    Path spec = dir.resolve("kill.yaml");
    Files.writeString(spec, """
        name: kill
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.01, epoch_seconds: 0.2}
        method: random
        seed: 5
        metric: {name: val_loss, goal: minimize}
        run_cap: %d
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 6}
        retrain: {epochs: 3}
        runs_dir: %s
        """.formatted(RUN_CAP, dir.resolve("runs")));
    Path db = dir.resolve("sweep.db");
    Random random = new Random(20261121);
    int kills = 0;
    for (int round = 0; round < 20; round++) {
      Process orchestrator = new ProcessBuilder(javaCommand("run", spec.toString(), "--db", db.toString(),
          "--resume")).redirectErrorStream(true).redirectOutput(dir.resolve("orchestrator-" + round + ".log").toFile())
          .start();
      // Kill once at least one more epoch has been recorded, plus a random delay, so kills land anywhere.
      int before = recordedEpochs(db);
      long deadline = System.currentTimeMillis() + 60_000;
      while (recordedEpochs(db) <= before && orchestrator.isAlive() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(random.nextInt(600));
      if (orchestrator.isAlive()) {
        orchestrator.destroyForcibly();
        kills++;
      }
      assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(kills).as("the orchestrator was killed mid-sweep").isGreaterThanOrEqualTo(15);

    Cli.Result resumed = Cli.run("run", spec.toString(), "--db", db.toString(), "--resume");
    assertThat(resumed.code()).as(resumed.toString()).isZero();

    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep("kill").orElseThrow();
      List<TrialRecord> search = store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).extracting(TrialRecord::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
      assertThat(search).allMatch(t -> t.state() == TrialState.COMPLETE);
      assertThat(store.trials(s.id()).stream().filter(t -> t.phase() == Phase.RETRAIN)
          .filter(t -> t.state() == TrialState.COMPLETE)).hasSize(1);
      List<Integer> epochsSeen = new ArrayList<>();
      for (TrialRecord t : search) {
        List<Integer> epochs = store.epochs(t.id()).stream().map(EpochRecord::epoch).toList();
        assertThat(epochs).as("trial %s has every epoch once", t.label()).containsExactly(1, 2, 3, 4, 5, 6);
        epochsSeen.addAll(epochs);
      }
      assertThat(search.stream().mapToInt(TrialRecord::attempts).max().orElse(0))
          .as("some trial was interrupted and resumed").isGreaterThan(1);
      assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("requeued")
          && e.message().contains("resumes from checkpoint-"));
    }
    // No trial process outlives the sweep.
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .contains(dir.resolve("runs").toString()))).isEmpty();
  }

  private static int recordedEpochs(Path db) {
    return sweep.testing.StorePolling.trials(db, "kill").stream()
        .mapToInt(t -> t.lastEpoch() == null ? 0 : t.lastEpoch()).sum();
  }


  static List<String> javaCommand(String... args) {
    return sweep.testing.SweepProcess.command(args);
  }
}
