package sweep.schedule;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.RunLayout;
import sweep.artifact.TrainerState;
import sweep.report.Progress;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.DiskFull;

/**
 * The end of a trial, once the {@link RetryPolicy} has made it final: recorded in the store, its
 * {@code trainer_state.json} and TensorBoard events written, retention applied, its directory synced, and the user
 * told.
 */
final class TrialEnding {
  private static final Logger LOG = LoggerFactory.getLogger(TrialEnding.class);

  private final Store store;
  private final long sweepId;
  private final RunRetention retention;
  private final RunPublisher publisher;
  private final Progress progress;
  private final TrialBoards boards;

  TrialEnding(Store store, long sweepId, RunRetention retention, RunPublisher publisher, Progress progress,
      TrialBoards boards) {
    this.store = store;
    this.sweepId = sweepId;
    this.retention = retention;
    this.publisher = publisher;
    this.progress = progress;
    this.boards = boards;
  }

  void end(long trialId, TrialState state, String reason) {
    store.finishTrial(trialId, state, reason);
    store.recordEvent(sweepId, trialId, state.name().toLowerCase(), reason);
    TrialRecord done = store.trial(trialId);
    if (done.trialDir() != null) {
      try {
        TrainerState.write(Path.of(done.trialDir()), done, store.epochs(done.id()), done.bestCheckpoint());
      } catch (IOException e) { // the trial's record is whole in the store; only this file is missing
        String why = DiskFull.reason(e).orElse(e.getMessage());
        LOG.warn("trial {}: cannot write trainer_state.json: {}", done.label(), why);
        store.recordEvent(sweepId, done.id(), "write-failed", why);
      }
    }
    boards.trial(done.id());
    retention.trialEnded(done);
    publisher.syncTrial(done);
    retention.trialSynced(done);
    progress.trialFinished(done);
    if (state == TrialState.FAILED) {
      LOG.warn("trial {} failed: {} (log: {})", done.label(), reason, Path.of(String.valueOf(done.trialDir()),
          RunLayout.TRIAL_LOG));
    }
  }

  /** A trial that could not be started at all (its directory not writable, its process not started). */
  void failedToStart(TrialRecord t, String why) {
    store.finishTrial(t.id(), TrialState.FAILED, why);
    store.recordEvent(sweepId, t.id(), "failed", why);
    boards.trial(t.id());
    progress.trialFinished(store.trial(t.id()));
  }
}
