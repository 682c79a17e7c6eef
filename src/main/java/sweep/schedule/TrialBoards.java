package sweep.schedule;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.report.tensorboard.SweepBoard;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.util.DiskFull;

/**
 * Keeps a sweep's TensorBoard files ({@link SweepBoard}) in step with the store: a trial's file is written again
 * from its records when it starts, after each recorded epoch and when it ends. A file that cannot be written is a
 * warning and a {@code write-failed} event, never the trial's or the sweep's failure: the store holds everything.
 */
final class TrialBoards {
  private static final Logger LOG = LoggerFactory.getLogger(TrialBoards.class);

  private final SweepBoard board;
  private final Store store;
  private final long sweepId;

  TrialBoards(SweepBoard board, Store store, long sweepId) {
    this.board = board;
    this.store = store;
    this.sweepId = sweepId;
  }

  /** Writes the experiment; a failure is reported like a trial's. */
  void experiment(String sweep, java.time.Instant created, String metric, String goal) {
    try {
      board.writeExperiment(sweep, created, metric, goal);
    } catch (IOException e) {
      failed(null, "the sweep", e);
    }
  }

  /** Writes the trial's file from what the store holds of it now. */
  void trial(long trialId) {
    TrialRecord t = store.trial(trialId);
    try {
      board.writeTrial(t, store.epochs(trialId));
    } catch (IOException e) {
      failed(trialId, "trial " + t.label(), e);
    }
  }

  private void failed(Long trialId, String what, IOException e) {
    String why = DiskFull.reason(e).orElse(String.valueOf(e.getMessage()));
    LOG.warn("{}: cannot write its TensorBoard events under {}: {}", what, board.dir(), why);
    store.recordEvent(sweepId, trialId, "write-failed", "TensorBoard events: " + why);
  }
}
