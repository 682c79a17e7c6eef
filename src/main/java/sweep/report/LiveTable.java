package sweep.report;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.store.TrialRecord;

/**
 * Progress as a table redrawn in place on a terminal: one row per trial with state, epoch, metric and best, and a
 * status line with the sweep's best so far. Redraws at most ten times a second.
 */
public final class LiveTable implements Progress {
  private final PrintWriter out;
  private final Clock clock;
  private final String metric;
  private final Map<String, String[]> rows = new TreeMap<>();
  private String status = "";
  private Double sweepBest;
  private int drawnLines;
  private long lastDraw;

  public LiveTable(PrintWriter out, Clock clock, String metric) {
    this.out = out;
    this.clock = clock;
    this.metric = metric;
  }

  private static String key(TrialRecord t) {
    return t.phase().ordinal() + String.format("%08d", t.number());
  }

  @Override
  public void phase(String text) {
    status = text;
    draw(true);
  }

  @Override
  public void trialStarted(TrialRecord t) {
    rows.put(key(t), new String[] {t.label(), "RUNNING", t.lastEpoch() == null ? "0" : t.lastEpoch().toString(),
        "-", Tables.number(t.bestValue()), compact(t.params())});
    draw(true);
  }

  @Override
  public void epoch(TrialRecord t, int epoch, Double value, Double best) {
    sweepBest = best;
    String[] row = rows.get(key(t));
    if (row != null) {
      row[2] = epoch + "/" + t.epochs();
      row[3] = Tables.number(value);
      row[4] = Tables.number(t.bestValue());
    }
    draw(false);
  }

  @Override
  public void trialFinished(TrialRecord t) {
    String[] row = rows.get(key(t));
    if (row != null) {
      row[1] = t.state().name();
      row[4] = Tables.number(t.bestValue());
    }
    draw(true);
  }

  private static String compact(Map<String, Object> params) {
    List<String> parts = new ArrayList<>();
    params.forEach((k, v) -> parts.add(k + "=" + (v instanceof Double d ? Tables.number(d) : v)));
    String s = String.join(" ", parts);
    return s.length() > 70 ? s.substring(0, 67) + "..." : s;
  }

  private void draw(boolean force) {
    long now = clock.millis();
    if (!force && now - lastDraw < 100) {
      return;
    }
    lastDraw = now;
    List<List<String>> body = new ArrayList<>();
    List<String[]> all = new ArrayList<>(rows.values());
    int from = Math.max(0, all.size() - 30);
    for (String[] r : all.subList(from, all.size())) {
      body.add(List.of(r));
    }
    String table = Tables.render(List.of("trial", "state", "epoch", metric, "best", "params"), body);
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\033[").append(drawnLines).append("F\033[J");
    }
    sb.append(table).append(status).append(" | sweep best ").append(Tables.number(sweepBest)).append('\n');
    out.print(sb);
    out.flush();
    drawnLines = (int) sb.chars().filter(c -> c == '\n').count();
  }

  @Override
  public void close() {
    draw(true);
  }
}
