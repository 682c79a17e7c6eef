package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.prune.HyperbandPruner;
import sweep.spec.Goal;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;

/** A TPE sweep with hyperband pruning through the CLI, trials in their own JVMs. */
class PruningRunTest {
  @TempDir Path dir;

  @Test
  void hyperbandPrunesAtRungsKeepsPartialCurvesAndTpeRuns() throws Exception {
    Path file = dir.resolve("hb.yaml");
    Files.writeString(file, "name: hb\nruns_dir: " + dir.resolve("runs") + "\n" + """
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.0}
        method: tpe
        seed: 3
        metric: {name: val_score, goal: maximize}
        run_cap: 12
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 9}
        early_terminate: {type: hyperband, min_iter: 1, eta: 3}
        """);
    String db = dir.resolve("sweep.db").toString();
    Cli.Result r = Cli.run("run", file.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    HyperbandPruner pruner = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 9, 3);
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("hb").orElseThrow();
      List<TrialRecord> search = store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).hasSize(12);
      List<TrialRecord> pruned = search.stream().filter(t -> t.state() == TrialState.PRUNED).toList();
      assertThat(pruned).isNotEmpty();
      for (TrialRecord t : pruned) {
        assertThat(t.reason()).startsWith("pruned (hyperband, bracket " + pruner.bracket(t.number()));
        assertThat(pruner.rungs(pruner.bracket(t.number()))).contains(t.lastEpoch());
        List<EpochRecord> epochs = store.epochs(t.id());
        assertThat(epochs).hasSize(t.lastEpoch());
        assertThat(t.lastCheckpoint()).isEqualTo("checkpoint-" + t.lastEpoch());
      }
      for (TrialRecord t : search) {
        if (t.state() != TrialState.PRUNED) {
          assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
          assertThat(t.lastEpoch()).isEqualTo(9);
        }
      }
    }
    Cli.Result status = Cli.run("status", "hb", "--db", db);
    assertThat(status.out()).contains("pruned=");
  }
}
