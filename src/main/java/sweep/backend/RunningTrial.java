package sweep.backend;

import sweep.store.TrialLocation;

/** One attempt of a trial that a {@link TrialBackend} runs; see the backend's contract. */
public interface RunningTrial {

  long trialId();

  /** Where it runs, for the store: enough for a later orchestrator's {@link TrialBackend#reattach}. */
  TrialLocation location();

  /** Sends one instruction ({@code continue} or {@code stop}); false if the trial no longer listens. */
  boolean send(String instruction);

  /** Whether any of it still runs (or waits in a queue). */
  boolean alive();

  /** Ends it and everything it started, without grace; returns once none of it runs. */
  void kill();

  /** The last {@code n} lines of its log, stack frames left out, for a failure's reason; empty if none. */
  String logTail(int n);
}
