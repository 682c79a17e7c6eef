package sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

class LogLinesTest {
  static TrialRecord trial(TrialState state, Double best, Integer bestEpoch) {
    return new TrialRecord(1, 1, Phase.SEARCH, 3, state, state == TrialState.COMPLETE ? "ran 4 of 4 epochs" : null,
        Map.of("learning_rate", 3.0e-5), 9, 4, null, bestEpoch, best, bestEpoch, null, null, null, "/r", 7L, 1,
        Instant.EPOCH, Instant.EPOCH, null, Instant.EPOCH);
  }

  @Test
  void linesCarryTimeTrialAndMetric() {
    StringWriter w = new StringWriter();
    Clock clock = Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneOffset.UTC);
    try (LogLines p = new LogLines(new PrintWriter(w, true), clock, "val_f1", Goal.MAXIMIZE)) {
      p.trialStarted(trial(TrialState.RUNNING, null, null));
      p.epoch(trial(TrialState.RUNNING, 0.8, 1), 1, 0.8, 0.85);
      p.trialFinished(trial(TrialState.COMPLETE, 0.8, 1));
    }
    assertThat(w.toString()).isEqualTo("""
        2026-11-21T03:00:00Z trial #3 started learning_rate=3e-05
        2026-11-21T03:00:00Z trial #3 epoch 1 val_f1=0.8000 (search best 0.8500)
        2026-11-21T03:00:00Z trial #3 COMPLETE: ran 4 of 4 epochs; best val_f1=0.8000 at epoch 1
        """);
  }
}
