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
   * node); always the last message of an attempt.
   */
  record Exited(long trialId, int code, boolean preempted) implements TrialMessage {}
}
