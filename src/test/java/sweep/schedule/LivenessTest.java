package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import sweep.testing.FakeClock;

/** A trial is overdue by its own signs of life: start-up and silence are bounded apart, the whole run as well. */
class LivenessTest {
  private final FakeClock clock = FakeClock.atDefault();

  private Liveness liveness(Duration timeout) {
    return new Liveness(Duration.ofMinutes(10), Duration.ofSeconds(5), timeout, clock);
  }

  @Test
  void aSlowStartIsNotSilenceUpToTheStartupTimeout() {
    Liveness l = liveness(null);

    clock.advance(Duration.ofSeconds(60));
    assertThat(l.overdue()).as("60 s to start under heartbeat_timeout 5s").isEmpty();
    clock.advance(Duration.ofSeconds(540));
    assertThat(l.overdue()).as("exactly at startup_timeout").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(l.overdue()).contains(
        "did not start within 10m (startup_timeout): no output or progress since it was launched; killed");
  }

  @Test
  void theFirstSignOfLifeEndsStartUpAndSilenceIsThenBoundedByTheHeartbeatTimeout() {
    Liveness l = liveness(null);
    clock.advance(Duration.ofSeconds(60));
    l.signOfLife();
    assertThat(l.started()).isTrue();

    clock.advance(Duration.ofSeconds(5));
    assertThat(l.overdue()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(l.overdue()).contains("no output or progress for 5s (heartbeat_timeout); killed");
  }

  @Test
  void eachSignOfLifeMovesTheSilenceDeadline() {
    Liveness l = liveness(null);
    l.signOfLife();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(4));
      l.signOfLife();
      assertThat(l.overdue()).isEmpty();
    }
    clock.advance(Duration.ofSeconds(6));
    assertThat(l.overdue()).isPresent();
  }

  @Test
  void theWallTimeBoundCountsStartUpAndWinsWhenItPassesFirst() {
    Liveness starting = liveness(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(31));
    assertThat(starting.overdue()).contains("ran longer than 30s (timeout); killed");

    Liveness busy = liveness(Duration.ofSeconds(30));
    for (int i = 0; i < 10; i++) {
      busy.signOfLife();
      clock.advance(Duration.ofSeconds(4));
    }
    assertThat(busy.overdue()).as("40 s in, never silent for 5 s").contains("ran longer than 30s (timeout); killed");
  }

  @Test
  void whenSilencePassedBeforeTheWallTimeBoundSilenceIsTheReason() {
    Liveness l = liveness(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(20));
    l.signOfLife();
    clock.advance(Duration.ofSeconds(20));
    assertThat(l.overdue()).contains("no output or progress for 5s (heartbeat_timeout); killed");
  }

  @Test
  void durationsReadAsASpecWritesThem() {
    assertThat(Liveness.human(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Liveness.human(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Liveness.human(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Liveness.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Liveness.human(Duration.ofMillis(500))).isEqualTo("0.5s");
  }
}
