package sweep.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sweep.protocol.TrialEvent;
import sweep.spec.BackendSpec;
import sweep.testing.LocalSlurm;
import sweep.testing.NeedsPackage;

/**
 * The backend contract for trials as jobs of a real two-node Slurm ({@link LocalSlurm}), and what only a cluster
 * does: four trials on four GPUs at once, requeue, a lost node, an orchestrator that died between submit and record.
 */
@NeedsPackage("slurm-wlm")
@ExtendWith(LocalSlurm.class)
class SlurmBackendTest extends TrialBackendContract {

  /** How often the tests' backends look at their jobs. */
  static final Duration TICK = Duration.ofMillis(200);
  /** GPUs each trial of the next backend asks for. */
  private int gpus;

  @Override
  TrialBackend backend(Path script, Path dir) {
    return new SlurmBackend(new BackendSpec.Slurm(null, null, null, List.of(), dir), gpus,
        new TrialLauncher(script.toString(), script.toString(), List.of(), Map.of()), LocalSlurm.cluster().env(),
        TICK);
  }

  private static long job(RunningTrial t) {
    return sweep.util.Json.tree(t.location().handle()).path("job").asLong();
  }

  private static String squeue(String... selection) {
    List<String> cmd = new ArrayList<>(List.of("squeue", "-h", "-t", "all", "-o", "%i %T"));
    cmd.addAll(List.of(selection));
    return LocalSlurm.cluster().slurm(cmd.toArray(String[]::new)).trim();
  }

  @Test
  void fourTrialsWithOneGpuEachRunAtOnceEachOnItsOwnGpu() throws Exception {
    gpus = 1;
    // Each trial says where it runs, then waits until all four have said so: they run at once or time out.
    TrialBackend backend = backendFor("""
        echo "$SLURMD_NODENAME gpu $SLURM_JOB_GPUS cuda $CUDA_VISIBLE_DEVICES" >> "$SWEEP_TEST_DIR/placed"
        for i in $(seq 300); do
          [ "$(wc -l < "$SWEEP_TEST_DIR/placed")" -ge 4 ] && exit 0
          sleep 0.1
        done
        exit 1""");
    for (long id = 11; id <= 14; id++) {
      backend.start(launch(id));
    }
    List<TrialMessage.Exited> exits = new ArrayList<>();
    until(backend, m -> m instanceof TrialMessage.Exited x && exits.add(x) && exits.size() == 4,
        Duration.ofSeconds(60));
    assertThat(exits).extracting(TrialMessage.Exited::code).containsOnly(0);
    List<String> placed = Files.readAllLines(dir.resolve("placed"));
    assertThat(placed).hasSize(4).doesNotHaveDuplicates()
        .allMatch(l -> l.matches("n[12] gpu ([01]) cuda \\1"), "one GPU each, in CUDA_VISIBLE_DEVICES");
  }

  @Test
  void aRequeuedJobIsReportedPreemptedAndItsRestartRunsNothing() throws Exception {
    TrialBackend backend = backendFor("""
        echo run >> "$SWEEP_TEST_DIR/runs"
        echo '{"event":"epoch","epoch":1,"metrics":{"m":0.5}}'
        while true; do sleep 1; done""");
    RunningTrial t = backend.start(launch(21));
    until(backend, m -> m instanceof TrialMessage.Event);

    assertThat(LocalSlurm.cluster().slurm("scontrol", "requeue", String.valueOf(job(t)))).isBlank();

    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited, Duration.ofSeconds(60));
    assertThat(got.get(got.size() - 1)).isEqualTo(new TrialMessage.Exited(21, -1, true));
    assertThat(t.alive()).isFalse();
    assertThat(squeue("-j", String.valueOf(job(t)))).endsWith("CANCELLED");
    assertThat(Files.readAllLines(dir.resolve("runs"))).as("the requeued job did not run the attempt again")
        .hasSize(1);
    assertThat(t.logTail(5)).contains("requeued");
  }

  @Test
  void aJobWhoseNodeIsLostIsReportedPreempted() throws Exception {
    LocalSlurm.Cluster cluster = LocalSlurm.cluster();
    TrialBackend backend = backendFor("""
        echo $$ >> "$SWEEP_TEST_DIR/pids"
        while true; do sleep 1; done""");
    RunningTrial t = backend.start(launch(31));
    until(backend, m -> m instanceof TrialMessage.Began);
    String node = squeue("-j", String.valueOf(job(t)), "-o", "%N").lines().reduce((a, b) -> b).orElseThrow();
    try {
      cluster.killSlurmd(node);
      List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited, Duration.ofSeconds(90));
      assertThat(got.get(got.size() - 1)).isEqualTo(new TrialMessage.Exited(31, -1, true));
      assertThat(t.logTail(5)).contains("Slurm job " + job(t));
    } finally {
      cluster.startSlurmd(node);
      cluster.waitForNodes(Duration.ofSeconds(90));
    }
    long pid = Long.parseLong(Files.readAllLines(dir.resolve("pids")).get(0).trim());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("the node, back, ends what ran of the lost job").isFalse();
  }

  @Test
  void anOrchestratorKilledBetweenSubmitAndRecordCausesNoSecondJob() throws Exception {
    String body = """
        echo '{"event":"epoch","epoch":1,"metrics":{"m":0.5}}'
        read verdict
        echo "{\\"event\\":\\"finished\\",\\"message\\":\\"$verdict\\"}"
        """;
    TrialBackend first = backendFor(body);
    TrialLaunch launch = launch(41);
    RunningTrial submitted = first.start(launch);
    first.close(); // its orchestrator dies before it records the job

    TrialBackend second = backendFor(body);
    RunningTrial again = second.start(launch);

    assertThat(job(again)).isEqualTo(job(submitted));
    String name = JobIdentity.of(launch).name();
    assertThat(squeue("-n", name).lines()).as("exactly one job for the attempt").hasSize(1);
    List<TrialMessage> got = until(second, m -> m instanceof TrialMessage.Event);
    assertThat(got).contains(new TrialMessage.Event(41, new TrialEvent.Epoch(1, Map.of("m", 0.5), null)));
    assertThat(again.send("stop")).isTrue();
    got = until(second, m -> m instanceof TrialMessage.Exited);
    assertThat(got).contains(new TrialMessage.Event(41, new TrialEvent.Finished("stop")))
        .endsWith(new TrialMessage.Exited(41, 0, false));

    // The next attempt is a job of its own.
    TrialLaunch next = new TrialLaunch(41, "#41", launch.configFile(), launch.trialDir(), launch.log(), launch.env(),
        List.of(), List.of(), launch.sweep(), 2);
    RunningTrial second2 = second.start(next);
    assertThat(job(second2)).isNotEqualTo(job(submitted));
    second2.kill();
  }

  @Test
  void aReattachedJobIsCarriedOnWithItsEventsFromTheStart() throws Exception {
    String body = """
        echo '{"event":"epoch","epoch":1,"metrics":{"m":0.5}}'
        read verdict
        exit 0""";
    TrialBackend first = backendFor(body);
    TrialLaunch launch = launch(51);
    RunningTrial t = first.start(launch);
    until(first, m -> m instanceof TrialMessage.Event);
    first.close();

    TrialBackend second = backendFor(body);
    Optional<RunningTrial> carried = second.reattach(launch, t.location());
    assertThat(carried).isPresent();
    List<TrialMessage> got = until(second, m -> m instanceof TrialMessage.Event);
    assertThat(got).startsWith(new TrialMessage.Began(51));
    assertThat(carried.get().send("continue")).isTrue();
    assertThat(until(second, m -> m instanceof TrialMessage.Exited)).endsWith(new TrialMessage.Exited(51, 0, false));

    // A handle naming a job of another attempt is not taken up.
    TrialLaunch other = new TrialLaunch(52, "#52", launch.configFile(), launch.trialDir(), launch.log(), launch.env(),
        List.of(), List.of(), launch.sweep(), 1);
    assertThat(second.reattach(other, t.location())).isEmpty();
  }

  @Test
  void aJobWhoseNodeLacksWhatItNeedsFailsAtOnceSayingWhat() throws Exception {
    TrialBackend backend = backendFor("echo ran >> \"$SWEEP_TEST_DIR/ran\"");
    Path snapshot = Files.createDirectories(dir.resolve("data/snapshot"));
    assertThat(backend.checkNeeds(snapshot, Map.of())).contains("Java ").contains("the data snapshot " + snapshot);
    Files.delete(snapshot); // gone (a node that does not see it) by the time the job runs
    RunningTrial t = backend.start(launch(61));
    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited, Duration.ofSeconds(60));
    assertThat(got.get(got.size() - 1)).isEqualTo(new TrialMessage.Exited(61, 127, false));
    assertThat(t.logTail(3)).containsPattern("node n[12] lacks the data snapshot at " + snapshot
        + ": every node needs Java, the sweep jar, DJL's native cache and the data snapshot");
    assertThat(dir.resolve("ran")).as("the trial did not run").doesNotExist();
  }

  @Test
  void aNeedMissingHereIsOneLineBeforeAnySubmit() throws Exception {
    TrialBackend backend = backendFor("exit 0");
    Path cache = dir.resolve("no-djl-cache");
    assertThatThrownBy(() -> backend.checkNeeds(null, Map.of("DJL_CACHE_DIR", cache.toString())))
        .isInstanceOf(sweep.util.BadInputException.class).hasMessage("every Slurm node needs DJL's native cache"
            + " (DJL_CACHE_DIR) at " + cache + ", which is not there on this machine either");
    assertThatThrownBy(() -> backend.checkNeeds(dir.resolve("gone.jsonl"), Map.of()))
        .hasMessageStartingWith("every Slurm node needs the data snapshot at " + dir.resolve("gone.jsonl"));
  }
}
