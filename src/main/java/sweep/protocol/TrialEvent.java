package sweep.protocol;

import java.util.Map;

/**
 * What a trial process reports, one JSON object per line on its stdout ({@code "event"} names the kind). The
 * parent answers every {@link Epoch} with one line on the trial's stdin: {@code continue} or {@code stop}. A trial
 * treats {@code stop} and the end of stdin alike: write a checkpoint if it can, and exit 0.
 */
public sealed interface TrialEvent {

  /**
   * First event: the runtime the trial runs with, the hash of its data (null without data), and the CPU threads it
   * was given ({@code SWEEP_CPU_THREADS}; null when it was given none, and in events written before the field).
   */
  record Started(long pid, String javaVersion, String os, Map<String, String> libraries, String dataHash,
      Integer threads) implements TrialEvent {
    /** A start that says nothing of threads. */
    public Started(long pid, String javaVersion, String os, Map<String, String> libraries, String dataHash) {
      this(pid, javaVersion, os, libraries, dataHash, null);
    }
  }

  /**
   * Metrics at the end of an epoch (1-based), with the checkpoint written for it if any (relative path), and the
   * optimizer steps taken so far ({@code step}; null when the task does not count them, and in events written before
   * the field existed).
   */
  record Epoch(int epoch, Map<String, Double> metrics, String checkpoint, Long step) implements TrialEvent {
    /** An epoch report without an optimizer step count. */
    public Epoch(int epoch, Map<String, Double> metrics, String checkpoint) {
      this(epoch, metrics, checkpoint, null);
    }
  }

  /** A checkpoint written outside an epoch event. */
  record Checkpoint(int epoch, String path) implements TrialEvent {}

  /**
   * The trial process is still up. Not a sign of life of its work (a JVM waiting on a hung program still beats):
   * the parent records it and goes by {@link Progress} and the other events.
   */
  record Heartbeat() implements TrialEvent {}

  /**
   * The work progressed since the last report: it wrote output (any bytes, a progress bar's {@code \r} included),
   * took a training or evaluation step. Sent at most a few times a second, however often the work progresses.
   */
  record Progress() implements TrialEvent {}

  /** Last event of a trial that ends by itself; the message says how. */
  record Finished(String message) implements TrialEvent {}
}
