package sweep.spec;

import java.time.Duration;

/**
 * How each search trial runs: its epoch budget, in-trial early stopping with Hugging Face semantics
 * ({@code patience} evaluations without an improvement larger than {@code threshold}; 0 turns it off), a bound on
 * its wall time ({@code timeout}, null for none), how long it may go without a sign of life from its work
 * ({@code heartbeatTimeout}: output, progress, an epoch) before it is killed and failed, and how long its start-up
 * may take, from launch to the first sign of life ({@code startupTimeout}), which does not count as silence.
 */
public record TrialSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold, Duration timeout,
    Duration heartbeatTimeout, Duration startupTimeout) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(10);

  public TrialSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold) {
    this(epochs, earlyStoppingPatience, earlyStoppingThreshold, null, DEFAULT_HEARTBEAT_TIMEOUT,
        DEFAULT_STARTUP_TIMEOUT);
  }

  /**
   * These settings as the spec's hash reads them. A default {@code startupTimeout} is left out, so a sweep started
   * before {@code startup_timeout} existed hashes as it did then and still resumes.
   */
  public String hashText() {
    String before = "TrialSettings[epochs=" + epochs + ", earlyStoppingPatience=" + earlyStoppingPatience
        + ", earlyStoppingThreshold=" + earlyStoppingThreshold + ", timeout=" + timeout + ", heartbeatTimeout="
        + heartbeatTimeout;
    return before + (startupTimeout.equals(DEFAULT_STARTUP_TIMEOUT) ? "" : ", startupTimeout=" + startupTimeout)
        + "]";
  }
}
