package sweep.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import sweep.protocol.TrialConfig;

/** What a running task sees of the world: its configuration, its directory, and the line to the orchestrator. */
public interface TrialContext {

  TrialConfig config();

  Path trialDir();

  /** The checkpoint directory to resume from, if the trial resumes. */
  Optional<Path> resumeCheckpoint();

  /** Records the hash of the data this trial trains on (before the first epoch). */
  void dataHash(String hash);

  /**
   * Reports an epoch's metrics (and the checkpoint written for it, relative to the trial directory, or null) and
   * waits for the orchestrator's answer.
   *
   * @return true to go on, false to stop now
   */
  default boolean reportEpoch(int epoch, Map<String, Double> metrics, String checkpoint) {
    return reportEpoch(epoch, null, metrics, checkpoint);
  }

  /**
   * As {@link #reportEpoch(int, Map, String)}, with the optimizer steps taken since the trial's first epoch
   * ({@code step}, counted across a resume; null when the task does not count steps, so epochs are counted instead).
   *
   * @return true to go on, false to stop now
   */
  boolean reportEpoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint);

  /** Reports an epoch without waiting for the answer (for programs that cannot pause); a stop arrives as {@link #onStop}. */
  void reportEpochNoWait(int epoch, Map<String, Double> metrics, String checkpoint);

  /**
   * Notes that the work progressed: a training or evaluation step, bytes of output from a program. Cheap and
   * thread-safe; call it as often as the work progresses (it is reported to the orchestrator a few times a second
   * at most). With epoch reports, this is the trial's sign of life: a trial that shows none for
   * {@code heartbeat_timeout} is killed, and its start-up ends at the first.
   */
  void progress();

  /** Reports a checkpoint written apart from an epoch report. */
  void reportCheckpoint(int epoch, String checkpoint);

  /** True once the orchestrator asked this trial to stop (or went away). */
  boolean stopRequested();

  /** Runs {@code action} once when a stop is requested (at once if it already was). */
  void onStop(Runnable action);
}
