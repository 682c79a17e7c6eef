package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.Goal;
import sweep.store.SweepRecord;
import sweep.store.SweepState;

/** The retention rules on their own: which checkpoints and sweeps go, links never followed, the store only read. */
class RetentionTest {
  @TempDir Path dir;

  private static final Retention BEST_AND_LATEST = new Retention(Retention.Checkpoints.BEST_AND_LATEST, 0);

  private Path checkpoint(Path trial, String name) throws Exception {
    Path c = Files.createDirectories(trial.resolve(name));
    Files.writeString(c.resolve("model.bin"), name);
    return c;
  }

  @Test
  void anEndedTrialKeepsItsBestAndLatestCheckpointAndNothingElseNamedCheckpoint() throws Exception {
    Path trial = Files.createDirectories(dir.resolve("runs/s/trial-0000"));
    for (int e = 1; e <= 5; e++) {
      checkpoint(trial, "checkpoint-" + e);
    }
    Files.writeString(trial.resolve("trainer_state.json"), "{}");
    checkpoint(trial, "checkpoint-final"); // not checkpoint-N: not the policy's

    assertThat(BEST_AND_LATEST.pruneCheckpoints(trial, "checkpoint-2", "checkpoint-5"))
        .containsExactly("checkpoint-1", "checkpoint-3", "checkpoint-4");
    try (var left = Files.list(trial)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint-2", "checkpoint-5", "checkpoint-final", "trainer_state.json");
    }
    assertThat(new Retention(Retention.Checkpoints.ALL, 0).pruneCheckpoints(trial, null, null)).isEmpty();
    assertThat(BEST_AND_LATEST.pruneCheckpoints(trial, null, "checkpoint-5")).containsExactly("checkpoint-2");
  }

  @Test
  void deletingNeverFollowsALinkOutOfTheRunsDirectory() throws Exception {
    Path outside = checkpoint(Files.createDirectories(dir.resolve("elsewhere")), "precious");
    Path trial = Files.createDirectories(dir.resolve("runs/s/trial-0000"));
    Path old = checkpoint(trial, "checkpoint-1");
    Files.createSymbolicLink(old.resolve("link-to-precious"), outside);
    Files.createSymbolicLink(trial.resolve("checkpoint-2"), outside); // a checkpoint that is a link: left alone
    checkpoint(trial, "checkpoint-3");

    assertThat(BEST_AND_LATEST.pruneCheckpoints(trial, "checkpoint-3", "checkpoint-3"))
        .containsExactly("checkpoint-1");
    assertThat(outside.resolve("model.bin")).hasContent("precious");
    assertThat(trial.resolve("checkpoint-2")).isSymbolicLink();

    Path runs = dir.resolve("runs");
    Files.createSymbolicLink(runs.resolve("linked-sweep"), dir.resolve("elsewhere"));
    assertThat(Retention.deleteSweep(runs, "linked-sweep")).isFalse();
    assertThat(Retention.deleteSweep(runs, "../elsewhere")).isFalse();
    assertThat(outside.resolve("model.bin")).hasContent("precious");
    assertThat(Retention.deleteSweep(runs, "s")).isTrue();
    assertThat(runs.resolve("s")).doesNotExist();
  }

  private static SweepRecord sweep(long id, String name, String specName, String runsDir, SweepState state) {
    String json = "{\"name\":\"" + specName + "\",\"runs_dir\":\"" + runsDir + "\"}";
    return new SweepRecord(id, name, "x.yaml", "h", json, "m", Goal.MAXIMIZE, state, null, null, null,
        Instant.EPOCH, Instant.EPOCH, 2, "uid-" + id, null);
  }

  @Test
  void keepSweepsKeepsTheNewestOfTheSameSpecNameAndRunsDirAndNeverARunningOne() {
    List<SweepRecord> all = List.of(
        sweep(1, "n-01", "n", "runs", SweepState.COMPLETE),
        sweep(2, "n-02", "n", "runs", SweepState.RUNNING),
        sweep(3, "other-03", "other", "runs", SweepState.COMPLETE),
        sweep(4, "n-04", "n", "elsewhere/runs", SweepState.COMPLETE),
        sweep(5, "n-05", "n", "runs", SweepState.FAILED),
        sweep(6, "n-06", "n", "runs", SweepState.COMPLETE),
        sweep(7, "n-07", "n", "runs", SweepState.RUNNING));
    Retention keep2 = new Retention(Retention.Checkpoints.BEST_AND_LATEST, 2);
    assertThat(keep2.oldSweeps(all, "n", "runs", "n-07")).extracting(SweepRecord::name)
        .containsExactly("n-01", "n-05");
    assertThat(new Retention(Retention.Checkpoints.BEST_AND_LATEST, 1).oldSweeps(all, "n", "runs", "n-06"))
        .extracting(SweepRecord::name).containsExactly("n-01", "n-05");
    assertThat(Retention.DEFAULT.oldSweeps(all, "n", "runs", "n-07")).isEmpty();
  }

  @Test
  void aSyncedDirectoryGoesOnlyWhenTheStoresManifestListsEveryLocalFileAtItsSize() throws Exception {
    Path runs = dir.resolve("runs");
    Path trial = Files.createDirectories(runs.resolve("s/trial-0000"));
    checkpoint(trial, "checkpoint-1");
    Files.writeString(trial.resolve("trial.log"), "log");
    try (ArtifactStore store = new LocalArtifactStore(dir.resolve("store"))) {
      assertThat(BEST_AND_LATEST.deleteSynced(runs, trial, store, "runs/s/trial-0000")).as("no manifest").isFalse();
      new DirectorySync(store).sync(trial, "runs/s/trial-0000");
      Files.writeString(trial.resolve("trial.log"), "log, and a line written after the sync");
      assertThat(BEST_AND_LATEST.deleteSynced(runs, trial, store, "runs/s/trial-0000")).as("stale").isFalse();
      Files.writeString(trial.resolve("trial.log"), "log");
      Files.writeString(trial.resolve("late.txt"), "x");
      assertThat(BEST_AND_LATEST.deleteSynced(runs, trial, store, "runs/s/trial-0000")).as("unlisted").isFalse();
      Files.delete(trial.resolve("late.txt"));
      byte[] manifest = store.read("runs/s/trial-0000/manifest.json").orElseThrow();

      assertThat(BEST_AND_LATEST.deleteSynced(runs, trial, store, "runs/s/trial-0000")).isTrue();
      assertThat(trial).doesNotExist();
      assertThat(store.read("runs/s/trial-0000/manifest.json").orElseThrow()).isEqualTo(manifest);
      assertThat(store.read("runs/s/trial-0000/checkpoint-1/model.bin")).isPresent();
    }
  }
}
