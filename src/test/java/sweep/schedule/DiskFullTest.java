package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Unshare;

/**
 * A disk that fills up while a trial writes a checkpoint: a real one, a 128 KiB tmpfs mounted for the sweep in a
 * user and mount namespace of its own ({@code unshare -rm}, no root needed), holding the run directories while the
 * database lies elsewhere. The trial fails as "disk full", is not retried, and every epoch and checkpoint recorded
 * before is still there.
 */
class DiskFullTest {
  @TempDir Path dir;

  private static final String TRAIN = """
      import json, os
      d = os.environ["SWEEP_TRIAL_DIR"]
      for e in range(1, int(os.environ["SWEEP_EPOCHS"]) + 1):
          c = os.path.join(d, "checkpoint-%d" % e)
          os.makedirs(c, exist_ok=True)
          with open(os.path.join(c, "model.bin"), "wb") as f:
              f.write(bytes(40960))
          print(json.dumps({"epoch": e, "val_score": e / 100.0, "checkpoint": "checkpoint-%d" % e}), flush=True)
      """;

  private static boolean canMountTmpfs(Path dir) throws Exception {
    Path probe = Files.createDirectories(dir.resolve("probe"));
    return Unshare.works("mount -t tmpfs -o size=64k tmpfs " + probe);
  }

  @Test
  void aFullDiskFailsTheTrialWithAClearReasonAndLosesNothingRecorded() throws Exception {
    Assumptions.assumeTrue(canMountTmpfs(dir), "unshare -rm cannot mount a tmpfs here (no user namespaces)");
    Path mount = Files.createDirectories(dir.resolve("small-disk"));
    Path copy = dir.resolve("what-the-disk-held");
    Path script = dir.resolve("train.py");
    Files.writeString(script, TRAIN);
    Path spec = dir.resolve("full.yaml");
    Files.writeString(spec, """
        name: full
        task: command
        command: [python3, %s]
        metric: {name: val_score, goal: maximize}
        run_cap: 1
        parameters:
          learning_rate: {value: 0.001}
        trial: {epochs: 20}
        retention: {checkpoints: all}
        runs_dir: %s
        """.formatted(script, mount.resolve("runs")));
    Path db = dir.resolve("sweep.db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String sweep = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' sweep.cli.Main run " + spec
        + " --db " + db;
    // the sweep runs on the small disk; what it held is copied out before the namespace (and the tmpfs) goes
    String shell = "mount -t tmpfs -o size=128k tmpfs " + mount + " && { " + sweep + "; rc=$?; cp -a " + mount
        + " " + copy + "; exit $rc; }";
    Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", shell).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isEqualTo(1);
    assertThat(out).as("one line, no stack trace").doesNotContain("\tat ").contains("no search trial reported");

    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      TrialRecord t = store.trials(store.sweep("full").orElseThrow().id()).get(0);
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.reason()).as(out).startsWith("disk full: ").contains("No space left on device");
      assertThat(t.attempts()).as("a full disk is not retried").isEqualTo(1);
      List<EpochRecord> epochs = store.epochs(t.id());
      assertThat(epochs).as(out).isNotEmpty();
      int last = epochs.get(epochs.size() - 1).epoch();
      assertThat(epochs).extracting(EpochRecord::epoch).isEqualTo(IntStream.rangeClosed(1, last)
          .boxed().toList());
      assertThat(t.lastCheckpoint()).isEqualTo("checkpoint-" + last);
      Path trialDir = copy.resolve("runs/full/trial-0000");
      for (int e = 1; e <= last; e++) {
        assertThat(Files.size(trialDir.resolve("checkpoint-" + e + "/model.bin"))).as("checkpoint-%d", e)
            .isEqualTo(40960);
      }
      assertThat(store.events(t.sweepId())).anyMatch(e -> e.type().equals("failed")
          && e.message().startsWith("disk full: "));
    }
  }
}
