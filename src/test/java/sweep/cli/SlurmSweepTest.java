package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.testing.LocalSlurm;
import sweep.testing.NeedsPackage;
import sweep.testing.StorePolling;
import sweep.util.Json;

/** Whole sweeps whose trials are jobs of the two-node test Slurm ({@link LocalSlurm}), four fake GPUs. */
@NeedsPackage("slurm-wlm")
@ExtendWith(LocalSlurm.class)
class SlurmSweepTest {
  @TempDir Path dir;

  private Path spec(String name, String body) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, "name: " + name + "\nbackend: {type: slurm, shared_dir: " + dir + "}\n" + body);
    return file;
  }

  private Path db() {
    return dir.resolve("sweep.db");
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(LocalSlurm.cluster().env());
    env.put("SWEEP_SLURM_TICK_MS", "200");
    return env;
  }

  private static final String BENCHMARK = """
      task: benchmark
      benchmark: {problem: log-sensitive, noise: 0.01, epoch_seconds: EPOCH}
      method: random
      seed: 5
      metric: {name: val_score, goal: maximize}
      run_cap: 4
      max_parallel: 4
      gpus_per_trial: 1
      max_retries: 0
      parameters:
        learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
      trial: {epochs: EPOCHS}
      retrain: {epochs: 1}
      """;

  private static String benchmark(double epochSeconds, int epochs) {
    return BENCHMARK.replace("EPOCHS", String.valueOf(epochs)).replace("EPOCH", String.valueOf(epochSeconds));
  }

  /** Slurm's word on each job named after the sweep: {@code NAME STATE NODE}. */
  private static List<String> jobs(String sweep) {
    return LocalSlurm.cluster().slurm("squeue", "-h", "-t", "all", "-o", "%j %T %N").lines()
        .filter(l -> l.startsWith("sweep." + sweep + ".t")).sorted().toList();
  }

  /** Waits up to 90 s until the sweep's trials are {@code ready}; returns them. */
  private List<TrialRecord> waitFor(String sweep, String what, java.util.function.Predicate<List<TrialRecord>> ready)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      List<TrialRecord> trials = StorePolling.trials(db(), sweep);
      if (ready.test(trials)) {
        return trials;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " within 90 s");
  }

  /** Search trials that are RUNNING and have checkpointed epoch {@code epoch} or a later one. */
  private static List<TrialRecord> checkpointed(List<TrialRecord> trials, int epoch) {
    return trials.stream().filter(t -> t.phase() == Phase.SEARCH && t.state() == TrialState.RUNNING
        && t.lastCheckpointEpoch() != null && t.lastCheckpointEpoch() >= epoch).toList();
  }

  @Test
  void aBenchmarkSweepRunsEachTrialAsASlurmJobFourAtOnce() throws Exception {
    Cli.Result r = Cli.run(env(), "run", spec("four", benchmark(1.0, 3)).toString(), "--db", db().toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("each Slurm node needs, at these paths: Java " + System.getProperty("java.home"));
    try (Store store = SqliteStore.openExisting(db(), Clock.systemUTC())) {
      List<TrialRecord> trials = store.trials(store.sweep("four").orElseThrow().id());
      assertThat(trials).hasSize(5).allMatch(t -> t.state() == TrialState.COMPLETE);
      List<TrialRecord> search = trials.stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      // four at once: every search trial started before any ended
      assertThat(search.stream().map(TrialRecord::startedAt).max(java.util.Comparator.naturalOrder()).orElseThrow())
          .isBefore(search.stream().map(TrialRecord::endedAt).min(java.util.Comparator.naturalOrder()).orElseThrow());
      for (TrialRecord t : trials) {
        assertThat(t.location().backend()).isEqualTo("slurm");
        assertThat(Json.tree(t.location().handle()).path("job").asLong()).isPositive();
        assertThat(t.attempts()).isEqualTo(1);
      }
    }
    assertThat(jobs("four")).hasSize(5).allMatch(j -> j.matches("sweep\\.four\\.t\\d+\\.a1 COMPLETED n[12]"));
  }

  @Test
  void aSmallTokenClassificationSweepRunsEveryTrialAsASlurmJob() throws Exception {
    Path data = dir.resolve("receipts.jsonl");
    sweep.data.JsonlLines.write(data, sweep.data.SyntheticReceipts.generate(5, 30));
    Path spec = spec("receipts", """
        task: token-classification
        model:
          config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
          max_seq_length: 24
        data: {source: "file:DATA", seed: 0, val_fraction: 0.25, bad_rows: skip}
        method: random
        seed: 0
        metric: {name: val_f1, goal: maximize}
        run_cap: 2
        max_parallel: 2
        gpus_per_trial: 1
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 2.0e-3, max: 4.0e-3}
          per_device_train_batch_size: {value: 16}
        trial: {epochs: 2}
        retrain: {epochs: 1}
        """.replace("DATA", data.toString()));
    Map<String, String> env = env();
    Path cache = System.getenv("DJL_CACHE_DIR") != null ? Path.of(System.getenv("DJL_CACHE_DIR"))
        : Path.of(System.getProperty("user.home"), ".djl.ai");
    env.put("DJL_CACHE_DIR", cache.toString());
    Cli.Result r = Cli.run(env, "run", spec.toString(), "--db", db().toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("DJL's native cache (DJL_CACHE_DIR) " + cache)
        .contains("the data snapshot " + data);
    try (Store store = SqliteStore.openExisting(db(), Clock.systemUTC())) {
      List<TrialRecord> trials = store.trials(store.sweep("receipts").orElseThrow().id());
      assertThat(trials).hasSize(3).allMatch(t -> t.state() == TrialState.COMPLETE && t.attempts() == 1
          && t.location().backend().equals("slurm") && t.bestValue() != null);
      for (TrialRecord t : trials) {
        assertThat(store.epochs(t.id()).stream().map(EpochRecord::epoch)).as("epochs of %s", t.label())
            .containsExactlyElementsOf(t.phase() == Phase.SEARCH ? List.of(1, 2) : List.of(1));
      }
    }
    assertThat(jobs("receipts")).hasSize(3).allMatch(j -> j.matches("sweep\\.receipts\\.t\\d+\\.a1 COMPLETED n[12]"));
  }

  @Test
  void aNodeNeedThatCannotBeMetIsOneLineAndExitTwoBeforeAnyJobIsSubmitted() throws Exception {
    Map<String, String> env = env();
    env.put("DJL_CACHE_DIR", dir.resolve("no-djl-cache").toString());
    Cli.Result r = Cli.run(env, "run", spec("needs", benchmark(0.1, 1)).toString(), "--db", db().toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines().filter(l -> l.startsWith("sweep: "))).as(r.toString()).containsExactly(
        "sweep: every Slurm node needs DJL's native cache (DJL_CACHE_DIR) at " + dir.resolve("no-djl-cache")
        + ", which is not there on this machine either");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(jobs("needs")).as("no job submitted").isEmpty();
  }

  @Test
  void aRequeuedTrialResumesFromItsCheckpointUncountedAsAFailureEveryEpochRecordedOnce() throws Exception {
    Path spec = spec("requeue", benchmark(1.0, 5));
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(
        () -> Cli.run(env(), "run", spec.toString(), "--db", db().toString()));
    // Trial #0 has checkpointed two epochs: requeue its job, as an administrator or a preemption would.
    TrialRecord first = checkpointed(waitFor("requeue", "trial #0 checkpointed epoch 2",
        trials -> checkpointed(trials, 2).stream().anyMatch(t -> t.number() == 0)), 2).stream()
        .filter(t -> t.number() == 0).findFirst().orElseThrow();
    String job = String.valueOf(Json.tree(first.location().handle()).path("job").asLong());
    assertThat(LocalSlurm.cluster().slurm("scontrol", "requeue", job)).isBlank();

    Cli.Result r = run.get(3, TimeUnit.MINUTES);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db(), Clock.systemUTC())) {
      List<TrialRecord> trials = store.trials(store.sweep("requeue").orElseThrow().id());
      List<TrialRecord> search = trials.stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).hasSize(4).allMatch(t -> t.state() == TrialState.COMPLETE);
      assertThat(search.stream().map(TrialRecord::number)).containsExactlyInAnyOrder(0, 1, 2, 3);
      TrialRecord requeued = search.stream().filter(t -> t.number() == 0).findFirst().orElseThrow();
      assertThat(requeued.attempts()).as("preempted once, then resumed (max_retries is 0)").isEqualTo(2);
      for (TrialRecord t : search) {
        assertThat(store.epochs(t.id()).stream().map(EpochRecord::epoch)).as("epochs of %s", t.label())
            .containsExactly(1, 2, 3, 4, 5);
      }
    }
    String prefix = "sweep.requeue.t" + first.id() + ".a";
    List<String> jobs = jobs("requeue");
    assertThat(jobs).as("one job per attempt: 4 search trials, the retrain, and the resumed attempt").hasSize(6);
    assertThat(jobs).filteredOn(j -> j.startsWith(prefix + "1 ")).singleElement().asString()
        .contains(" CANCELLED ");
    assertThat(jobs).filteredOn(j -> j.startsWith(prefix + "2 ")).singleElement().asString()
        .contains(" COMPLETED ");
  }

  @Test
  void killNineOfTheOrchestratorWhileJobsRunThenResumeTakesTheJobsUpAndSubmitsNoSecond() throws Exception {
    Path spec = spec("orphaned", benchmark(1.0, 4).replace("run_cap: 4", "run_cap: 3")
        .replace("max_parallel: 4", "max_parallel: 2"));
    ProcessBuilder pb = new ProcessBuilder(sweep.testing.SweepProcess.command("run", spec.toString(), "--db",
        db().toString())).redirectErrorStream(true).redirectOutput(dir.resolve("orchestrator.log").toFile());
    pb.environment().putAll(env());
    Process orchestrator = pb.start();
    try {
      waitFor("orphaned", "two trials with a checkpoint", trials -> checkpointed(trials, 1).size() == 2);
    } finally {
      orchestrator.destroyForcibly();
    }
    assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(jobs("orphaned")).as("the jobs outlive their orchestrator").hasSize(2)
        .allMatch(j -> j.contains(" RUNNING "));
    // status and trials show each trial's job and Slurm's word on it
    List<Long> ids = StorePolling.trials(db(), "orphaned").stream().filter(t -> t.location() != null)
        .map(t -> Json.tree(t.location().handle()).path("job").asLong()).toList();
    Cli.Result status = Cli.run(env(), "status", "orphaned", "--db", db().toString(), "--json");
    assertThat(status.code()).as(status.toString()).isZero();
    var running = Json.tree(status.out()).path("running_jobs");
    assertThat(running).hasSize(2);
    running.forEach(j -> assertThat(j.path("job").path("state").asText()).isEqualTo("RUNNING"));
    assertThat(running.findValues("id")).extracting(com.fasterxml.jackson.databind.JsonNode::asLong)
        .containsExactlyInAnyOrderElementsOf(ids);
    Cli.Result statusText = Cli.run(env(), "status", "orphaned", "--db", db().toString());
    assertThat(statusText.out()).contains("slurm jobs: #0 " + ids.get(0) + " RUNNING, #1 " + ids.get(1) + " RUNNING");
    Cli.Result table = Cli.run(env(), "trials", "orphaned", "--db", db().toString());
    assertThat(table.out()).contains("slurm job").contains(ids.get(0) + " RUNNING").contains(ids.get(1) + " RUNNING");

    Cli.Result r = Cli.run(env(), "run", spec.toString(), "--db", db().toString(), "--resume");
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db(), Clock.systemUTC())) {
      long sweepId = store.sweep("orphaned").orElseThrow().id();
      List<TrialRecord> search = store.trials(sweepId).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).extracting(TrialRecord::number).containsExactly(0, 1, 2);
      assertThat(search).allMatch(t -> t.state() == TrialState.COMPLETE);
      assertThat(search).as("the running attempts were carried on, not requeued").allMatch(t -> t.attempts() == 1);
      for (TrialRecord t : search) {
        assertThat(store.epochs(t.id()).stream().map(EpochRecord::epoch)).as("epochs of %s", t.label())
            .containsExactly(1, 2, 3, 4);
      }
      assertThat(store.events(sweepId)).filteredOn(e -> e.type().equals("reattached")).hasSize(2);
    }
    Cli.Result trials = Cli.run(env(), "trials", "orphaned", "--db", db().toString(), "--json");
    assertThat(Json.tree(trials.out())).hasSize(4).allMatch(t -> t.path("job").path("id").asLong() > 0
        && t.path("job").path("state").asText().equals("COMPLETED"));
    assertThat(jobs("orphaned")).as("one job per attempt: 3 search trials and the retrain").hasSize(4)
        .allMatch(j -> j.matches("sweep\\.orphaned\\.t\\d+\\.a1 COMPLETED n[12]"));
  }

  @Test
  void killNineOfOneSlurmdMidSweepResumesItsTrialsFromTheirCheckpointsUncountedAsFailures() throws Exception {
    LocalSlurm.Cluster cluster = LocalSlurm.cluster();
    // Long enough that the lost node's trials still run when the controller finds the node down (10 s and more
    // after its slurmd died, longer on a loaded machine): a job that ends before that ends as usual.
    int epochs = 20;
    Path spec = spec("lostnode", benchmark(2.0, epochs));
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(
        () -> Cli.run(env(), "run", spec.toString(), "--db", db().toString()));
    long first = checkpointed(waitFor("lostnode", "trial #0 checkpointed epoch 1",
        trials -> checkpointed(trials, 1).stream().anyMatch(t -> t.number() == 0)), 1).stream()
        .filter(t -> t.number() == 0).findFirst().orElseThrow().id();
    String node = jobs("lostnode").stream().filter(j -> j.startsWith("sweep.lostnode.t" + first + ".a1 "))
        .map(j -> j.substring(j.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
    List<String> lost = jobs("lostnode").stream().filter(j -> j.endsWith(" RUNNING " + node))
        .map(j -> j.substring(0, j.indexOf(".a1 "))).toList();
    assertThat(lost).as("the trials on %s", node).isNotEmpty();
    Cli.Result r;
    try {
      cluster.killSlurmd(node);
      waitFor("lostnode", "the lost trials started again", trials -> trials.stream()
          .filter(t -> lost.contains("sweep.lostnode.t" + t.id())).allMatch(t -> t.attempts() == 2));
    } finally {
      cluster.startSlurmd(node);
      r = run.get(3, TimeUnit.MINUTES);
      cluster.waitForNodes(Duration.ofSeconds(90));
    }
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db(), Clock.systemUTC())) {
      List<TrialRecord> search = store.trials(store.sweep("lostnode").orElseThrow().id()).stream()
          .filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).extracting(TrialRecord::number).containsExactly(0, 1, 2, 3);
      assertThat(search).allMatch(t -> t.state() == TrialState.COMPLETE);
      for (TrialRecord t : search) {
        assertThat(t.attempts()).as("attempts of %s (max_retries is 0)", t.label())
            .isEqualTo(lost.contains("sweep.lostnode.t" + t.id()) ? 2 : 1);
        assertThat(store.epochs(t.id()).stream().map(EpochRecord::epoch)).as("epochs of %s", t.label())
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, epochs).boxed().toList());
      }
    }
    List<String> jobs = jobs("lostnode");
    assertThat(jobs.stream().map(j -> j.substring(0, j.indexOf(' '))))
        .as("one job per attempt: 4 search trials, the retrain, and the %d resumed", lost.size())
        .doesNotHaveDuplicates().hasSize(5 + lost.size());
    for (String trial : lost) {
      assertThat(jobs).filteredOn(j -> j.startsWith(trial + ".a2 ")).singleElement().asString()
          .contains(" COMPLETED ");
    }
  }
}
