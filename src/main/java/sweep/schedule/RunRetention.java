package sweep.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.ArtifactStore;
import sweep.artifact.Retention;
import sweep.artifact.RunLayout;
import sweep.spec.SweepSpec;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.DiskFull;
import sweep.util.Json;

/**
 * The spec's {@link Retention} applied to one sweep's run, when {@link SweepRunner} and {@link TrialEnding} call it. What is
 * deleted is recorded as an event of the sweep; a deletion that fails is logged and leaves the rest as it was
 * (retention never fails a sweep).
 *
 * <p>While the sweep runs, a synced trial's local directory is kept if the sweep may still publish from it: the
 * best search trial so far and the retrain. {@link #deleteSyncedTrials} deletes those too, once the sweep is
 * complete (its best checkpoint is then in {@code best/} and in the store).
 */
final class RunRetention {
  private static final Logger LOG = LoggerFactory.getLogger(RunRetention.class);

  private final SweepSpec spec;
  private final Retention policy;
  private final Store store;
  private final ArtifactStore artifacts;
  private final Supplier<SweepRecord> sweep;
  private final BooleanSupplier runsInStore;
  private final RunLayout layout;

  /**
   * @param sweep the sweep being run (set before any call)
   * @param runsInStore whether trial directories are written inside the artifact store (nothing to delete then)
   * @param layout the sweep's directories, locally and in the store
   */
  RunRetention(SweepSpec spec, Store store, ArtifactStore artifacts, Supplier<SweepRecord> sweep,
      BooleanSupplier runsInStore, RunLayout layout) {
    this.spec = spec;
    this.policy = spec.retention();
    this.store = store;
    this.artifacts = artifacts;
    this.sweep = sweep;
    this.runsInStore = runsInStore;
    this.layout = layout;
  }

  /** At the start of a run: the local directories of this spec's sweeps older than the newest keep_sweeps. */
  void deleteOldSweeps() {
    SweepRecord current = sweep.get();
    for (SweepRecord old : policy.oldSweeps(store.sweeps(), specName(), spec.runsDir(), current.name())) {
      try {
        if (Retention.deleteSweep(layout.runsDir(), old.name())) {
          record(null, "deleted the local run directory of sweep '" + old.name() + "' (keep_sweeps "
              + policy.keepSweeps() + ")");
        }
      } catch (IOException e) {
        LOG.warn("could not delete the run directory of sweep '{}': {}", old.name(), e.getMessage());
      }
    }
  }

  /** The spec's own name, as its canonical JSON records it (a sweep's --name is not it). */
  private String specName() {
    return Json.tree(spec.canonicalJson()).path("name").asText();
  }

  /** A trial has ended for good: its checkpoints but the best and the latest go (before it is synced). */
  void trialEnded(TrialRecord t) {
    if (t.trialDir() == null) {
      return;
    }
    try {
      List<String> deleted = policy.pruneCheckpoints(Path.of(t.trialDir()), t.bestCheckpoint(), t.lastCheckpoint());
      if (!deleted.isEmpty()) {
        record(t, "deleted " + String.join(", ", deleted) + " (kept best " + t.bestCheckpoint() + ", latest "
            + t.lastCheckpoint() + ")");
      }
    } catch (IOException e) {
      LOG.warn("trial {}: could not delete old checkpoints: {}", t.label(), e.getMessage());
    }
  }

  /**
   * After an ended trial's sync: the local directories the store holds of the sweep's ended search trials that it
   * can no longer publish from (all but the best so far; the retrain is kept until the end).
   */
  void trialSynced(TrialRecord ended) {
    Long best = store.bestTrial(ended.sweepId(), Phase.SEARCH).map(TrialRecord::id).orElse(null);
    store.trials(ended.sweepId()).stream().filter(t -> t.phase() == Phase.SEARCH && t.state().finished()
        && !Long.valueOf(t.id()).equals(best) && t.trialDir() != null && Files.isDirectory(Path.of(t.trialDir())))
        .forEach(this::deleteSynced);
  }

  /** Once the sweep is complete: every ended trial's local directory that the store holds. */
  void deleteSyncedTrials(List<TrialRecord> trials) {
    trials.stream().filter(t -> t.state().finished()).forEach(this::deleteSynced);
  }

  private void deleteSynced(TrialRecord t) {
    if (t.trialDir() == null || runsInStore.getAsBoolean()) {
      return;
    }
    String prefix = layout.key(t.dirName());
    try {
      if (policy.deleteSynced(layout.runsDir(), Path.of(t.trialDir()), artifacts, prefix)) {
        record(t, "deleted the local run directory; it is in " + artifacts.describe() + "/" + prefix);
      }
    } catch (IOException e) {
      LOG.warn("trial {}: local run directory kept: {}", t.label(), DiskFull.reason(e).orElse(e.getMessage()));
    }
  }

  /** Each deletion is an event of the sweep (`retention`); the log has it at debug level, as routine. */
  private void record(TrialRecord t, String what) {
    LOG.debug("{}{}", t == null ? "" : "trial " + t.label() + ": ", what);
    store.recordEvent(sweep.get().id(), t == null ? null : t.id(), "retention", what);
  }
}
