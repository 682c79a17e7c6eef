package sweep.report;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;

/**
 * Progress as plain timestamped lines, for logs and cron. An epoch's line carries the best value so far of its
 * phase: the search's running best under the sweep's goal (it never gets worse), or the retrain's.
 */
public final class LogLines implements Progress {
  private final PrintWriter out;
  private final Clock clock;
  private final String metric;
  private final RunningBest best;

  public LogLines(PrintWriter out, Clock clock, String metric, Goal goal) {
    this.out = out;
    this.clock = clock;
    this.metric = metric;
    this.best = new RunningBest(goal);
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
    best.offer(t, null);
    line("trial " + t.label() + " started " + Tables.params(t.params())
        + (t.lastCheckpoint() != null ? " (resuming from " + t.lastCheckpoint() + ")" : ""));
  }

  @Override
  public void epoch(TrialRecord t, int epoch, Double value, Double phaseBest) {
    best.offer(t, phaseBest);
    RunningBest.Best b = t.phase() == Phase.RETRAIN ? best.retrain() : best.search();
    line("trial " + t.label() + " epoch " + epoch + " " + metric + "=" + Tables.number(value)
        + " (" + (t.phase() == Phase.RETRAIN ? "retrain" : "search") + " best "
        + Tables.number(b == null ? null : b.value()) + ")");
  }

  @Override
  public void trialFinished(TrialRecord t) {
    best.offer(t, null);
    line("trial " + t.label() + " " + t.state() + ": " + t.reason()
        + (t.bestValue() != null ? "; best " + metric + "=" + Tables.number(t.bestValue()) + " at epoch "
        + t.bestEpoch() : ""));
  }

  @Override
  public void close() {
    out.flush();
  }
}
