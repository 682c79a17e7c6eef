package sweep.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Whether one running trial is overdue, and why. Three bounds, each from the trial's own signs of life (what its
 * work prints or reports: output, progress, epochs, checkpoints; not that its process merely exists):
 *
 * <ul>
 *   <li>start-up, from when the trial began running to its first sign of life, is bounded by
 *       {@code startup_timeout} (a JVM and a training script can take minutes to load on a busy machine);
 *   <li>after that, the time since its latest sign of life is bounded by {@code heartbeat_timeout};
 *   <li>its whole run, start-up included, by {@code timeout} (null: none).
 * </ul>
 *
 * <p>The clock starts when the trial begins running on its machine: the {@link Dispatcher} makes a {@code Liveness}
 * when its backend reports {@link sweep.backend.TrialMessage.Began} (at once for a local process; when the job leaves
 * its queue for a cluster scheduler), so that waiting for a machine counts against none of the bounds.
 *
 * <p>Not thread-safe: the scheduler's single thread calls it.
 */
final class Liveness {
  private final Duration startupTimeout;
  private final Duration heartbeatTimeout;
  private final Duration timeout;
  private final InstantSource clock;
  private final Instant began;
  /** The latest sign of life; null while the trial is starting up. */
  private Instant lastSign;

  /**
   * @param startupTimeout the longest start-up (launch to first sign of life); positive
   * @param heartbeatTimeout the longest silence after start-up; positive
   * @param timeout the longest run, start-up included, or null for no bound
   * @param clock the time; the trial begins running now
   */
  Liveness(Duration startupTimeout, Duration heartbeatTimeout, Duration timeout, InstantSource clock) {
    this.startupTimeout = startupTimeout;
    this.heartbeatTimeout = heartbeatTimeout;
    this.timeout = timeout;
    this.clock = clock;
    this.began = clock.instant();
  }

  /** Time that only goes forward ({@link System#nanoTime}), for deadlines that a changed wall clock must not move. */
  static final InstantSource MONOTONIC = () -> Instant.ofEpochSecond(0, System.nanoTime());

  /** The trial's work showed a sign of life now; the first one ends its start-up. */
  void signOfLife() {
    lastSign = clock.instant();
  }

  /** True once the trial has shown a sign of life. */
  boolean started() {
    return lastSign != null;
  }

  /**
   * Why the trial should be killed now, or empty while it is within all its bounds. When several bounds have
   * passed, the reason is the one that passed first.
   */
  Optional<String> overdue() {
    Instant now = clock.instant();
    Instant deadline;
    String why;
    if (lastSign == null) {
      deadline = began.plus(startupTimeout);
      why = "did not start within " + human(startupTimeout) + " (startup_timeout): no output or progress since"
          + " it was launched; killed";
    } else {
      deadline = lastSign.plus(heartbeatTimeout);
      why = "no output or progress for " + human(heartbeatTimeout) + " (heartbeat_timeout); killed";
    }
    if (timeout != null && began.plus(timeout).isBefore(deadline)) {
      deadline = began.plus(timeout);
      why = "ran longer than " + human(timeout) + " (timeout); killed";
    }
    return now.isAfter(deadline) ? Optional.of(why) : Optional.empty();
  }

  /** A duration as a spec would write it: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1.5s}. */
  static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() / 1000.0 + "s";
    }
    long s = d.toSeconds();
    return s > 0 && s % 3600 == 0 ? s / 3600 + "h" : s > 0 && s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
