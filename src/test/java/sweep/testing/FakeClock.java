package sweep.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock for tests: it stands still until told to move, with {@link #advance} or {@link #set}. Thread-safe. */
public final class FakeClock extends Clock {
  private final ZoneId zone;
  private Instant now;

  public FakeClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  public FakeClock(Instant start, ZoneId zone) {
    this.now = Objects.requireNonNull(start);
    this.zone = Objects.requireNonNull(zone);
  }

  /** A clock at 2024-01-02T03:04:05Z, a whole number of milliseconds (as stores keep time). */
  public static FakeClock atDefault() {
    return new FakeClock(Instant.parse("2024-01-02T03:04:05Z"));
  }

  /** Moves the clock by {@code by} (negative to go back) and returns the new time. */
  public synchronized Instant advance(Duration by) {
    now = now.plus(by);
    return now;
  }

  public synchronized void set(Instant to) {
    now = Objects.requireNonNull(to);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view of this clock in another zone; it moves with this one. */
  @Override
  public Clock withZone(ZoneId other) {
    FakeClock self = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return other;
      }

      @Override
      public Clock withZone(ZoneId z) {
        return self.withZone(z);
      }

      @Override
      public Instant instant() {
        return self.instant();
      }
    };
  }
}
