package sweep.backend;

import sweep.protocol.TrialEvent;

/** What the orchestrator hears from its trials, through {@link TrialBackend#poll}. */
public sealed interface TrialMessage {
  long trialId();

  /** The trial began running (left the queue, if it was in one): its liveness bounds start now. */
  record Began(long trialId) implements TrialMessage {}

  /** A protocol event. */
  record Event(long trialId, TrialEvent event) implements TrialMessage {}

  /** A line of output that is not an event; the backend has written it to the trial's log. */
  record Output(long trialId, String line) implements TrialMessage {}

  /**
   * The attempt ended: its exit code, or {@code preempted} when the backend took it away (a cluster reclaiming the
   * node, a requeue, a lost node); always the last message of an attempt.
   *
   * @param failure why the backend ended it as a failure the exit code does not tell (a cluster's time limit:
   *     {@code timed out: ...}), or null
   */
  record Exited(long trialId, int code, boolean preempted, String failure) implements TrialMessage {
    /** An exit the code says all of. */
    public Exited(long trialId, int code, boolean preempted) {
      this(trialId, code, preempted, null);
    }
  }
}
