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

  @Test
  void aBenchmarkSweepRunsEachTrialAsASlurmJobFourAtOnce() throws Exception {
    Cli.Result r = Cli.run(env(), "run", spec("four", benchmark(1.0, 3)).toString(), "--db", db().toString());
    assertThat(r.code()).as(r.toString()).isZero();
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
  void aRequeuedTrialResumesFromItsCheckpointUncountedAsAFailureEveryEpochRecordedOnce() throws Exception {
    Path spec = spec("requeue", benchmark(1.0, 5));
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(
        () -> Cli.run(env(), "run", spec.toString(), "--db", db().toString()));
    // Trial #0 has checkpointed two epochs: requeue its job, as an administrator or a preemption would.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    TrialRecord first = null;
    while (System.nanoTime() < deadline && first == null) {
      first = StorePolling.trials(db(), "requeue").stream()
          .filter(t -> t.number() == 0 && t.phase() == Phase.SEARCH && t.lastCheckpointEpoch() != null
              && t.lastCheckpointEpoch() >= 2).findFirst().orElse(null);
      Thread.sleep(100);
    }
    assertThat(first).as("trial #0 checkpointed epoch 2").isNotNull();
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
}
