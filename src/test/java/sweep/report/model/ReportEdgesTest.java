package sweep.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.Goal;
import sweep.store.NewSweep;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialLocation;
import sweep.store.TrialRecord;
import sweep.testing.FakeClock;

/** Reports of sweeps that have not got far: nothing run yet, a trial running, a trial cut short, a hung attempt. */
class ReportEdgesTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));

  private SqliteStore store() {
    return SqliteStore.open(dir.resolve("s.db"), clock);
  }

  private static SweepRecord sweep(SqliteStore store) {
    return store.createSweep(new NewSweep("edge", "edge.yaml", "0".repeat(64), "{}", "val_score", Goal.MINIMIZE, 2));
  }

  @Test
  void aSweepWithoutTrialsRenders() {
    try (SqliteStore store = store()) {
      SweepRecord s = sweep(store);
      SweepReport r = ReportBuilder.build(store, s, clock.instant());
      assertThat(r.trials()).isEmpty();
      assertThat(r.history()).isEmpty();
      assertThat(r.timeline().lanes()).isEmpty();
      assertThat(r.data()).isNull();
      assertThat(r.provenance()).isNull();
      assertThat(HtmlReport.render(r)).contains("\"trials\":[]");
    }
  }

  @Test
  void aRunningAttemptRunsUntilNowAndOneCutShortUntilTheSweepStopped() {
    try (SqliteStore store = store()) {
      SweepRecord s = sweep(store);
      TrialRecord t = store.createTrial(new NewTrial(s.id(), Phase.SEARCH, 0, Map.of("learning_rate", 0.1), 1, 5,
          null));
      store.startTrial(t.id(), dir.resolve("t0").toString(), new TrialLocation("local", "h", "x", 7L));
      store.recordEvent(s.id(), t.id(), "started", "pid 7 on gpu 0,1, effective batch 32");
      clock.advance(Duration.ofSeconds(30));
      store.recordEvent(s.id(), t.id(), "killed", "no output or progress for 10m (heartbeat_timeout)");
      store.requeueTrial(t.id(), "attempt 1 failed (no output or progress for 10m (heartbeat_timeout)); retrying");
      store.startTrial(t.id(), dir.resolve("t0").toString(), new TrialLocation("local", "h", "x", 8L));
      store.recordEvent(s.id(), t.id(), "started", "pid 8 on gpu 0,1");
      clock.advance(Duration.ofSeconds(10));
      store.recordEpoch(t.id(), 1, Map.of("val_score", 0.5));

      SweepReport running = ReportBuilder.build(store, store.sweep("edge").orElseThrow(),
          clock.instant().plusSeconds(5));
      assertThat(running.timeline().lanes()).singleElement().satisfies(l -> {
        assertThat(l.name()).isEqualTo("gpu 0,1 #1");
        assertThat(l.spans()).extracting(Timeline.Span::outcome).containsExactly("heartbeat-killed", "running");
        assertThat(l.spans().get(1).end()).isEqualTo(clock.instant().plusSeconds(5));
      });
      assertThat(running.trials().get(0).marks()).containsExactlyInAnyOrder("retried", "heartbeat-killed");

      clock.advance(Duration.ofSeconds(20));
      store.setSweepState(s.id(), SweepState.INTERRUPTED, "SIGTERM");
      SweepReport stopped = ReportBuilder.build(store, store.sweep("edge").orElseThrow(), clock.instant());
      TrialEntry e = stopped.trials().get(0);
      assertThat(e.shownState()).isEqualTo("INTERRUPTED");
      assertThat(e.state()).isEqualTo("RUNNING");
      assertThat(e.marks()).contains("interrupted");
      Timeline.Span last = stopped.timeline().lanes().get(0).spans().get(1);
      assertThat(last.outcome()).isEqualTo("interrupted");
      assertThat(last.note()).isEqualTo("SIGTERM");
      assertThat(stopped.history()).as("a running trial is not in the history yet").isEmpty();
    }
  }

  @Test
  void aValueCannotEndTheScriptItIsEmbeddedIn() {
    try (SqliteStore store = store()) {
      SweepRecord s = sweep(store);
      TrialRecord t = store.createTrial(new NewTrial(s.id(), Phase.SEARCH, 0, Map.of("x", 1.0), 1, 5, null));
      store.finishTrial(t.id(), sweep.store.TrialState.FAILED, "</script><script>alert(1)</script><!--");
      String html = HtmlReport.render(ReportBuilder.build(store, s, clock.instant()));
      assertThat(html).doesNotContain("<script>alert").doesNotContain("<!--")
          .contains("\\u003C/script>\\u003Cscript>alert(1)\\u003C/script>\\u003C!--");
      assertThat(html.split("</script>", -1)).as("only the three script elements end").hasSize(4);
    }
  }
}
