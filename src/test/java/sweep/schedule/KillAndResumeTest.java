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

  @Test
  void killNineWhileACommandsProgramRunsLeavesNoProcessOfTheOldAttemptAfterResume() throws Exception {
    // Each attempt appends its program's pid and a helper's to pids; the helper ignores SIGTERM and leaves the
    // program's process tree at once (its parent exits), as a data loader's worker or a daemonised tool can.
    Path program = dir.resolve("program.py");
    Files.writeString(program, """
        import json, os, subprocess, time
        d = os.environ["SWEEP_TRIAL_DIR"]
        with open(os.path.join(d, "pids"), "a") as f:
            f.write("%d\\n" % os.getpid())
        subprocess.run(["sh", "-c", "( sh -c 'trap \\"\\" TERM; echo $$ >> pids; while :; do echo tick >> helper.out;"
                        " sleep 0.2; done' </dev/null >/dev/null 2>&1 & )"], cwd=d, check=True)
        resume = os.environ.get("SWEEP_RESUME_CHECKPOINT")
        start = int(os.path.basename(resume).split("-")[1]) if resume else 0
        for epoch in range(start + 1, int(os.environ["SWEEP_EPOCHS"]) + 1):
            time.sleep(1)
            os.makedirs(os.path.join(d, "checkpoint-%d" % epoch), exist_ok=True)
            print(json.dumps({"epoch": epoch, "val_f1": epoch / 10, "checkpoint": "checkpoint-%d" % epoch}),
                  flush=True)
        """);
    Path spec = dir.resolve("orphans.yaml");
    Files.writeString(spec, """
        name: orphans
        task: command
        command: [python3, %s]
        method: random
        metric: {name: val_f1, goal: maximize}
        run_cap: 1
        parameters:
          x: {values: [1]}
        trial: {epochs: 4}
        runs_dir: %s
        """.formatted(program, dir.resolve("runs")));
    Path db = dir.resolve("orphans.db");
    Path pidsFile = dir.resolve("runs/orphans/trial-0000/pids");

    Process orchestrator = new ProcessBuilder(javaCommand("run", spec.toString(), "--db", db.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("orchestrator.log").toFile()).start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && !(lines(pidsFile).size() >= 2
        && sweep.testing.StorePolling.trials(db, "orphans").stream().anyMatch(t -> t.lastEpoch() != null))) {
      Thread.sleep(50);
    }
    long trialJvm = sweep.testing.StorePolling.waitForPid(db, "orphans", t -> true);
    orchestrator.destroyForcibly();
    assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<Long> oldAttempt = new ArrayList<>(lines(pidsFile).stream().map(Long::parseLong).toList());
    assertThat(oldAttempt).as(Files.readString(dir.resolve("orchestrator.log"))).hasSize(2);
    assertThat(trialJvm).isPositive();
    oldAttempt.add(trialJvm);
    assertThat(alive(oldAttempt.get(1))).as("the helper outlived the orchestrator").isTrue();

    try {
      Cli.Result resumed = Cli.run("run", spec.toString(), "--db", db.toString(), "--resume");
      assertThat(resumed.code()).as(resumed.toString()).isZero();
      assertThat(oldAttempt).as("no process of the old attempt survives the resume").noneMatch(KillAndResumeTest::alive);
      List<Long> all = lines(pidsFile).stream().map(Long::parseLong).toList();
      assertThat(all).as("the new attempt ran").hasSize(4);
      assertThat(all).as("nor of the new one, once its trial ended").noneMatch(KillAndResumeTest::alive);
      try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
        TrialRecord t = store.trials(store.sweep("orphans").orElseThrow().id()).get(0);
        assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4);
      }
    } finally {
      lines(pidsFile).forEach(p -> ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList()
        : List.of();
  }

  /** Whether the process runs (a zombie, dead and not yet reaped, does not). */
  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
      } catch (java.io.IOException e) {
        return false;
      }
    }).orElse(false);
  }

  private static int recordedEpochs(Path db) {
    return sweep.testing.StorePolling.trials(db, "kill").stream()
        .mapToInt(t -> t.lastEpoch() == null ? 0 : t.lastEpoch()).sum();
  }


  static List<String> javaCommand(String... args) {
    return sweep.testing.SweepProcess.command(args);
  }
}
