package sweep.report;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import sweep.store.TrialRecord;

/** Progress as plain timestamped lines, for logs and cron. */
public final class LogLines implements Progress {
  private final PrintWriter out;
  private final Clock clock;
  private final String metric;

  public LogLines(PrintWriter out, Clock clock, String metric) {
    this.out = out;
    this.clock = clock;
    this.metric = metric;
  }

  private void line(String text) {
    out.println(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS) + " " + text);
  }

  @Override
  public void phase(String text) {
    line(text);
  }

  @Override
  public void trialStarted(TrialRecord t) {
    line("trial " + t.label() + " started " + t.params()
        + (t.lastCheckpoint() != null ? " (resuming from " + t.lastCheckpoint() + ")" : ""));
  }

  @Override
  public void epoch(TrialRecord t, int epoch, Double value, Double sweepBest) {
    line("trial " + t.label() + " epoch " + epoch + " " + metric + "=" + Tables.number(value)
        + " (sweep best " + Tables.number(sweepBest) + ")");
  }

  @Override
  public void trialFinished(TrialRecord t) {
    line("trial " + t.label() + " " + t.state() + ": " + t.reason()
        + (t.bestValue() != null ? "; best " + metric + "=" + Tables.number(t.bestValue()) + " at epoch "
        + t.bestEpoch() : ""));
  }

  @Override
  public void close() {
    out.flush();
  }
}
