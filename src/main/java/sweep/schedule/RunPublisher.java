package sweep.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.ArtifactStore;
import sweep.artifact.Checksums;
import sweep.artifact.DirectorySync;
import sweep.artifact.LocalArtifacts;
import sweep.artifact.Manifest;
import sweep.artifact.ProvenanceFile;
import sweep.artifact.RunIdentity;
import sweep.artifact.RunLayout;
import sweep.artifact.TrainerState;
import sweep.artifact.TrainingStateFiles;
import sweep.report.Progress;
import sweep.store.EpochRecord;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;

/**
 * A sweep's files in its artifact store: the spec first (so a store that cannot be written fails the sweep before
 * any training), each trial's directory as it ends, and at the end every directory again (unchanged ones cost a
 * listing) with the published best checkpoint, whose manifest is what {@code sweep best --promote} copies from.
 * When the store holds {@code runs_dir} itself (a local store), trial directories are already in it and only the
 * best checkpoint's manifest is written.
 */
final class RunPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(RunPublisher.class);

  private final RunLayout layout;
  private final ArtifactStore artifacts;
  private final DirectorySync sync;
  private final Store store;
  private final LongSupplier sweepId;
  private final Progress progress;
  private volatile RunIdentity identity;

  /** @param sweepId the sweep's id in the store (known once the sweep is open) */
  RunPublisher(RunLayout layout, ArtifactStore artifacts, Store store, LongSupplier sweepId, Progress progress) {
    this.layout = layout;
    this.artifacts = artifacts;
    this.sync = new DirectorySync(artifacts);
    this.store = store;
    this.sweepId = sweepId;
    this.progress = progress;
  }

  String describe() {
    return artifacts.describe();
  }

  /** Whether trial directories are written inside the artifact store already (a local store holding runs_dir). */
  boolean runsInStore() {
    return artifacts.localPath("runs").map(p -> p.equals(layout.runsDir())).orElse(false);
  }

  /**
   * Writes the sweep's spec to {@code runs/<sweep>/spec.json}.
   *
   * @throws IOException when the store cannot be written (a missing bucket, no permission)
   */
  void writeSpec(String canonicalJson) throws IOException {
    checkIdentity();
    artifacts.putBytes(layout.key("spec.json"), sweep.util.Secrets.active().redact(canonicalJson)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Mirrors an ended trial's directory; a failure is recorded and retried by {@link #syncAll} at the end. */
  void syncTrial(TrialRecord t) {
    if (t.trialDir() == null || runsInStore() || !Files.isDirectory(Path.of(t.trialDir()))) {
      return;
    }
    try {
      checkIdentity();
      DirectorySync.Report r = sync.sync(Path.of(t.trialDir()), layout.key(t.dirName()));
      LOG.info("trial {}: {} to {}", t.label(), r.summary(), artifacts.describe());
      noteLeftOut(t, r);
    } catch (IOException e) {
      LOG.warn("trial {}: sync to {} failed ({}); retried at the end of the sweep", t.label(),
          artifacts.describe(), e.getMessage());
      store.recordEvent(sweepId.getAsLong(), t.id(), "sync-failed", e.getMessage());
    }
  }

  /** Records, once per trial, the files of its directory that no store can hold under their names. */
  private void noteLeftOut(TrialRecord t, DirectorySync.Report r) {
    if (!r.skipped().isEmpty() && store.events(sweepId.getAsLong()).stream()
        .noneMatch(e -> e.type().equals("sync-left-out") && Long.valueOf(t.id()).equals(e.trialId()))) {
      store.recordEvent(sweepId.getAsLong(), t.id(), "sync-left-out", r.skipped().size()
          + " file(s) whose name cannot be a key, kept only in " + t.trialDir() + ": " + String.join(", ",
          r.skipped()));
    }
  }

  /** Before the sweep is complete: the data snapshot, every ended trial's directory and (if {@code best}) best/. */
  void syncAll(List<TrialRecord> trials, boolean best) throws IOException {
    checkIdentity();
    if (!runsInStore()) {
      if (Files.isDirectory(layout.data())) {
        sync.sync(layout.data(), layout.key("data"));
      }
      for (TrialRecord t : trials) {
        if (t.state().finished() && t.trialDir() != null && Files.isDirectory(Path.of(t.trialDir()))) {
          noteLeftOut(t, sync.sync(Path.of(t.trialDir()), layout.key(t.dirName())));
        }
      }
    }
    if (best) {
      DirectorySync.Report r = sync.sync(layout.best(), layout.bestKey());
      byte[] manifest = artifacts.read(layout.bestKey() + "/" + Manifest.NAME).orElseThrow(() -> new IOException(
          "the best checkpoint's manifest is not in " + artifacts.describe() + " after its sync"));
      store.setBestManifest(sweepId.getAsLong(), Checksums.sha256(manifest));
      store.recordEvent(sweepId.getAsLong(), null, "synced", "best checkpoint to " + artifacts.describe() + "/"
          + layout.bestKey() + ": " + r.summary());
      progress.phase("best checkpoint in " + artifacts.describe() + "/" + layout.bestKey() + " (" + (runsInStore()
          ? r.files() + " file(s), manifest written" : r.summary()) + ")");
    }
  }

  /**
   * Claims the sweep's run directory and its place in the artifact store ({@link RunIdentity}); every later write and
   * sync checks them again.
   *
   * @throws sweep.util.BadInputException when another sweep of this name (another database) holds either
   */
  void claim(RunIdentity identity) throws IOException {
    this.identity = identity;
    checkIdentity();
  }

  /** Checks the claim of {@link #claim} again (a no-op before it): before every write to the run directory. */
  void checkIdentity() throws IOException {
    if (identity != null) {
      identity.check(layout, artifacts);
    }
  }

  /**
   * Copies the final trial's best checkpoint to {@code best/}, model files only (no {@link TrainingStateFiles}),
   * with its {@code trainer_state.json} and {@link ProvenanceFile}; returns that path, or null if there is none to
   * publish.
   */
  String publishBest(TrialRecord t) throws IOException {
    checkIdentity();
    if (t.bestCheckpoint() == null || t.trialDir() == null) {
      LOG.warn("trial {} wrote no checkpoint at its best epoch; nothing to publish", t.label());
      return null;
    }
    Path source = Path.of(t.trialDir()).resolve(t.bestCheckpoint());
    if (!Files.isDirectory(source)) {
      LOG.warn("the best checkpoint {} is not a directory; nothing to publish", source);
      return null;
    }
    Path best = layout.best();
    LocalArtifacts.publish(source, best, TrainingStateFiles::excluded);
    // The state as of the published checkpoint (its epoch and step), which is itself the best checkpoint.
    List<EpochRecord> upToBest = store.epochs(t.id()).stream().filter(e -> e.epoch() <= t.bestEpoch()).toList();
    TrainerState.write(best, t, upToBest, ".");
    // Who made it and how to make it again, beside it (and so in every version promoted from it).
    SweepRecord s = store.sweep(layout.sweep()).orElseThrow();
    ProvenanceFile.write(best, s, t, store.provenance(t.id()).orElse(null),
        store.dataSnapshot(s.id()).orElse(null), SearchStart.of(store, s, t));
    return best.toString();
  }
}
