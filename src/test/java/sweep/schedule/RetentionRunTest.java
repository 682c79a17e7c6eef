package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/** The spec's retention applied by `sweep run`: best and latest checkpoint per ended trial, the last N sweeps. */
class RetentionRunTest {
  @TempDir Path dir;

  private Path spec(String name, String retention) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, """
        name: %s
        task: benchmark
        benchmark: {problem: noisy, noise: 0.05}
        method: random
        seed: 3
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 5}
        retrain: {epochs: 4}
        runs_dir: %s
        %s
        """.formatted(name, dir.resolve("runs"), retention));
    return file;
  }

  private String db() {
    return dir.resolve("sweep.db").toString();
  }

  private static Set<String> checkpoints(Path trialDir) throws Exception {
    try (Stream<Path> s = Files.list(trialDir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void everyEndedTrialKeepsOnlyItsBestAndLatestCheckpointAndTheBestModelStillPublishes() throws Exception {
    Cli.Result run = Cli.run("run", spec("keep", "").toString(), "--db", db());
    assertThat(run.code()).as(run.toString()).isZero();

    int deleted = 0;
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      SweepRecord s = store.sweep("keep").orElseThrow();
      List<TrialRecord> trials = store.trials(s.id());
      assertThat(trials).hasSize(4);
      for (TrialRecord t : trials) {
        Set<String> expected = new TreeSet<>(List.of(t.bestCheckpoint(), t.lastCheckpoint()));
        assertThat(checkpoints(Path.of(t.trialDir()))).as("trial %s", t.label()).isEqualTo(expected);
        assertThat(t.lastCheckpoint()).isEqualTo("checkpoint-" + t.lastEpoch());
        deleted += t.lastEpoch() - expected.size();
      }
      assertThat(deleted).as("checkpoints deleted").isGreaterThanOrEqualTo(8);
      assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("retention")
          && e.message().startsWith("deleted checkpoint-1"));
    }
    JsonNode best = Json.tree(Cli.run("best", "keep", "--db", db(), "--json").out());
    Path published = Path.of(best.path("checkpoint").asText());
    assertThat(published.resolve("state.json")).exists();
    Cli.Result again = Cli.run("run", spec("keep", "").toString(), "--db", db(), "--resume");
    assertThat(again.code()).as(again.toString()).isZero();
    Cli.Result promote = Cli.run("best", "keep", "--db", db(), "--promote");
    assertThat(promote.code()).as(promote.toString()).isZero();
    assertThat(promote.out()).contains("promoted keep");
  }

  @Test
  void keepSweepsKeepsTheLastNOfTheSameSpecNameAndNothingElse() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("precious.txt"), "keep me");
    Path other = spec("other", "retention: {keep_sweeps: 1}");
    assertThat(Cli.run("run", other.toString(), "--db", db()).code()).isZero();
    Path nightly = spec("nightly", "retention: {keep_sweeps: 2, checkpoints: all}");
    for (int night = 1; night <= 3; night++) {
      Cli.Result r = Cli.run("run", nightly.toString(), "--name", "nightly-" + night, "--db", db());
      assertThat(r.code()).as(r.toString()).isZero();
      if (night == 1) {
        Files.createSymbolicLink(dir.resolve("runs/nightly-1/elsewhere"), outside);
      }
    }
    Path runs = dir.resolve("runs");
    try (Stream<Path> s = Files.list(runs)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("other", "nightly-2", "nightly-3");
    }
    assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    assertThat(checkpoints(runs.resolve("nightly-3/trial-0000"))).as("checkpoints: all")
        .containsExactly("checkpoint-1", "checkpoint-2", "checkpoint-3", "checkpoint-4", "checkpoint-5");
    assertThat(runs.resolve("nightly-3/best/state.json")).exists();
    try (Store store = SqliteStore.openExisting(Path.of(db()), Clock.systemUTC())) {
      assertThat(store.events(store.sweep("nightly-3").orElseThrow().id())).anyMatch(e ->
          e.type().equals("retention") && e.message().equals(
              "deleted the local run directory of sweep 'nightly-1' (keep_sweeps 2)"));
      assertThat(store.sweep("nightly-1")).as("the record stays; only local files go").isPresent();
    }
  }
}
