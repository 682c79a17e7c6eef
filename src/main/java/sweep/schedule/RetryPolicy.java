package sweep.schedule;

import java.util.Optional;
import java.util.function.Function;
import sweep.store.TrialState;
import sweep.train.Shrunk;
import sweep.util.DiskFull;

/**
 * Decides what becomes of a trial attempt that has ended: a pure function of how it ended ({@link Ended}), no store,
 * no process. In order:
 *
 * <ul>
 *   <li>preempted (its backend took it away; the local backend never does): requeued from its last checkpoint,
 *       whatever its attempts, since it did not fail;</li>
 *   <li>failed (killed for a deadline, diverged, a non-zero exit, or it never reported the metric), where a retry
 *       could go otherwise: out of memory is retried with the task's smaller trial ({@code shrink}) if the task has
 *       one, without counting against {@code max_retries}; any other failure is retried while its attempts are at
 *       most {@code max_retries}. Divergence, a full disk and a missing metric are never retried;</li>
 *   <li>otherwise the attempt's end is the trial's: FAILED, PRUNED or COMPLETE with its reason.</li>
 * </ul>
 */
final class RetryPolicy {
  private final int maxRetries;
  private final String metric;
  private final Function<java.util.Map<String, Object>, Optional<Shrunk>> shrink;

  /**
   * @param maxRetries retries of a failed trial ({@code failures.max_retries})
   * @param metric the sweep metric's name
   * @param shrink the task's smaller trial for memory ({@link sweep.train.TaskType#shrinkForMemory})
   */
  RetryPolicy(int maxRetries, String metric, Function<java.util.Map<String, Object>, Optional<Shrunk>> shrink) {
    this.maxRetries = maxRetries;
    this.metric = metric;
    this.shrink = shrink;
  }

  /**
   * How an attempt ended, as the dispatcher saw it.
   *
   * @param label the trial's label, for messages
   * @param attempts attempts so far, this one included
   * @param params the attempt's parameters
   * @param code its exit code
   * @param preempted whether its backend took it away
   * @param failure why the orchestrator failed it (a deadline kill, divergence), or null
   * @param retryable false when {@code failure} would recur on a retry (divergence)
   * @param stopReason why early stopping ended it, or null
   * @param pruneReason why the pruner ended it, or null
   * @param reportedMetric whether it ever reported the sweep metric
   * @param lastEpoch its last reported epoch, or null
   * @param epochs the epochs it was to run
   * @param lastCheckpoint where a retry resumes from, or null for the start
   * @param finishedMessage its own last word ({@code finished} event), or null
   * @param logTail the end of its log ({@link #TAIL_LINES} lines, stack frames left out)
   */
  record Ended(String label, int attempts, java.util.Map<String, Object> params, int code, boolean preempted,
      String failure, boolean retryable, String stopReason, String pruneReason, boolean reportedMetric,
      Integer lastEpoch, int epochs, String lastCheckpoint, String finishedMessage, String logTail) {}

  /** What to do with the trial. */
  sealed interface Decision {
    /** The trial ends in {@code state}. */
    record Finish(TrialState state, String reason) implements Decision {}

    /**
     * Run it again: requeued with {@code reason}; with {@code params} changed first when not null
     * ({@code paramsChange} says how, for the store); {@code note} is the line shown to the user.
     */
    record Requeue(String reason, Shrunk params, String paramsChange, String note) implements Decision {}
  }

  Decision decide(Ended e) {
    String from = e.lastCheckpoint() == null ? "the start" : e.lastCheckpoint();
    if (e.preempted() && e.failure() == null) {
      return new Decision.Requeue("attempt " + e.attempts() + " was preempted; resumes from " + from, null, null,
          "trial " + e.label() + " was preempted; requeued");
    }
    TrialState state;
    String reason;
    boolean retryable = e.retryable();
    if (e.failure() != null) {
      state = TrialState.FAILED;
      reason = e.failure();
    } else if (e.code() != 0) {
      state = TrialState.FAILED;
      String tail = lastLines(e.logTail(), REASON_LINES);
      String oneLine = tail.replaceAll("\\s+", " ").trim();
      reason = "exit code " + e.code() + (oneLine.isEmpty() ? "" : ": " + oneLine);
      String said = e.finishedMessage() == null ? "" : e.finishedMessage().replaceFirst("^failed: ", "");
      Optional<String> full = DiskFull.reason(tail + "\n" + said);
      if (full.isPresent()) { // a retry would find the disk as full
        reason = full.get();
        retryable = false;
      }
    } else if (!e.reportedMetric()) {
      state = TrialState.FAILED;
      reason = "never reported " + metric;
      retryable = false;
    } else if (e.pruneReason() != null) {
      return new Decision.Finish(TrialState.PRUNED, e.pruneReason());
    } else {
      return new Decision.Finish(TrialState.COMPLETE, e.stopReason() != null ? e.stopReason()
          : "ran " + e.lastEpoch() + " of " + e.epochs() + " epochs");
    }
    if (retryable && outOfMemory(e.logTail())) {
      Optional<Shrunk> smaller = shrink.apply(e.params());
      if (smaller.isPresent()) {
        String change = "out of memory: retrying with " + smaller.get().change();
        return new Decision.Requeue("attempt " + e.attempts() + " ran out of memory", smaller.get(), change,
            "trial " + e.label() + " " + change);
      }
    }
    if (retryable && e.attempts() <= maxRetries) {
      return new Decision.Requeue("attempt " + e.attempts() + " failed (" + reason + "); retrying from " + from, null,
          null, "trial " + e.label() + " failed (" + reason + "); retrying");
    }
    return new Decision.Finish(state, reason);
  }

  /** Log lines an exit's reason quotes; out of memory is looked for in all of {@link Ended#logTail}. */
  static final int REASON_LINES = 5;
  /** Log lines the dispatcher passes as {@link Ended#logTail}. */
  static final int TAIL_LINES = 20;

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
  }

  /** Whether a log's end says the trial ran out of memory (the JVM's heap, or a device's). */
  static boolean outOfMemory(String logTail) {
    String tail = logTail.toLowerCase();
    return tail.contains("outofmemoryerror") || tail.contains("out of memory");
  }
}
