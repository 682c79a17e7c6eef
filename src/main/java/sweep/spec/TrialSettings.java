package sweep.spec;

import java.time.Duration;

/**
 * How each search trial runs: its epoch budget, in-trial early stopping with Hugging Face semantics
 * ({@code patience} evaluations without an improvement larger than {@code threshold}; 0 turns it off), a bound on
 * its wall time ({@code timeout}, null for none) and how long it may go without a sign of life
 * ({@code heartbeatTimeout}) before it is killed and failed.
 */
public record TrialSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold, Duration timeout,
    Duration heartbeatTimeout) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofMinutes(10);

  public TrialSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold) {
    this(epochs, earlyStoppingPatience, earlyStoppingThreshold, null, DEFAULT_HEARTBEAT_TIMEOUT);
  }
}
