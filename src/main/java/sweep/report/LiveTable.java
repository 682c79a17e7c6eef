package sweep.report;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import sweep.spec.Goal;
import sweep.store.TrialRecord;

/**
 * Progress as a table redrawn in place on a terminal: one row per trial (state, epoch, metric, best, parameters),
 * then a line with the best values so far (the search's running best under the sweep's goal, and the retrain's
 * apart) and a line with what the sweep is doing.
 *
 * <p>Redrawing moves the cursor up over the lines drawn last time and writes each line over the old one (erasing
 * the rest of it), then erases what is left below; never the whole screen, which tmux would copy into its
 * scrollback ({@code scroll-on-clear}). It is exact only if no line
 * ever wraps and the table never scrolls off the screen. Hence every line is cut to one column less than the
 * terminal's width and the table to one line less than its height (the latest trials are kept, with a line saying
 * how many earlier ones are left out), both as the terminal measures now. Redraws at most ten times a second.
 * {@link #close} draws the last frame once and leaves it; nothing is drawn or erased after it, so what is printed
 * next stays on the screen.
 */
public final class LiveTable implements Progress {
  private static final int HEADER = 1;
  private static final int FOOTER = 2;

  private final PrintWriter out;
  private final Clock clock;
  private final String metric;
  private final Supplier<TerminalSize> size;
  private final RunningBest best;
  private final Map<String, String[]> rows = new TreeMap<>();
  private String status = "";
  private int drawnLines;
  private long lastDraw;
  private boolean closed;
  private final List<String> searched;

  /**
   * @param out where the table is drawn (the terminal)
   * @param goal the sweep metric's goal, which decides what "best" means
   * @param size the terminal's size, asked before each redraw
   * @param searched the searched parameters in the spec's order: a row shows them first (what tells trials apart
   *     when the column is cut to the terminal's width), then the derived and constant ones
   */
  public LiveTable(PrintWriter out, Clock clock, String metric, Goal goal, Supplier<TerminalSize> size,
      List<String> searched) {
    this.searched = List.copyOf(searched);
    this.out = out;
    this.clock = clock;
    this.metric = metric;
    this.size = size;
    this.best = new RunningBest(goal);
  }

  private String params(Map<String, Object> params) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String name : searched) {
      if (params.containsKey(name)) {
        ordered.put(name, params.get(name));
      }
    }
    params.forEach(ordered::putIfAbsent);
    return Tables.params(ordered);
  }

  private static String key(TrialRecord t) {
    return t.phase().ordinal() + String.format("%08d", t.number());
  }

  @Override
  public synchronized void phase(String text) {
    status = text;
    draw(true);
  }

  @Override
  public synchronized void trialStarted(TrialRecord t) {
    best.offer(t, null);
    rows.put(key(t), new String[] {t.label(), "RUNNING", t.lastEpoch() == null ? "0" : t.lastEpoch().toString(),
        "-", Tables.number(t.bestValue()), params(t.params())});
    draw(true);
  }

  @Override
  public synchronized void epoch(TrialRecord t, int epoch, Double value, Double phaseBest) {
    best.offer(t, phaseBest);
    String[] row = rows.get(key(t));
    if (row != null) {
      row[2] = epoch + "/" + t.epochs();
      row[3] = Tables.number(value);
      row[4] = Tables.number(t.bestValue());
    }
    draw(false);
  }

  @Override
  public synchronized void trialFinished(TrialRecord t) {
    best.offer(t, null);
    String[] row = rows.get(key(t));
    if (row != null) {
      row[1] = t.state().name();
      row[4] = Tables.number(t.bestValue());
    }
    draw(true);
  }

  /** The lines of the table as drawn on a terminal of {@code screen}'s size. */
  synchronized List<String> frame(TerminalSize screen) {
    int width = Math.max(1, screen.columns() - 1);
    int room = Math.max(1, screen.rows() - 1 - HEADER - FOOTER);
    List<String[]> all = new ArrayList<>(rows.values());
    int hidden = all.size() > room ? all.size() - room + 1 : 0;
    List<List<String>> body = new ArrayList<>();
    for (String[] r : all.subList(hidden, all.size())) {
      body.add(List.of(r));
    }
    List<String> lines = new ArrayList<>();
    String table = Tables.render(List.of("trial", "state", "epoch", metric, "best", "params"), body);
    List<String> tableLines = List.of(table.split("\n"));
    lines.add(tableLines.get(0));
    if (hidden > 0) {
      lines.add("... " + hidden + " earlier trial(s) above the window (`sweep trials` lists them all)");
    }
    lines.addAll(tableLines.subList(1, tableLines.size()));
    lines.add(bestLine());
    lines.add(status);
    return lines.stream().map(l -> fit(l, width)).toList();
  }

  private String bestLine() {
    RunningBest.Best s = best.search();
    RunningBest.Best r = best.retrain();
    return "best " + metric + ": search " + (s == null ? "-" : Tables.number(s.value())
        + (s.trial() == null ? "" : " (trial " + s.trial() + ")"))
        + (r == null ? "" : " | retrain " + Tables.number(r.value()));
  }

  /** The line on one terminal row: control characters as spaces, cut to {@code width} columns. */
  private static String fit(String line, int width) {
    String plain = line.replaceAll("\\p{Cntrl}", " ");
    if (plain.length() <= width) {
      return plain;
    }
    return width <= 3 ? plain.substring(0, width) : plain.substring(0, width - 3) + "...";
  }

  private void draw(boolean force) {
    long now = clock.millis();
    if (closed || !force && now - lastDraw < 100) {
      return;
    }
    lastDraw = now;
    List<String> lines = frame(size.get());
    StringBuilder sb = new StringBuilder("\r");
    if (drawnLines > 0) {
      sb.append("\033[").append(drawnLines).append('A');
    }
    for (String line : lines) {
      sb.append(line).append("\033[K\n");
    }
    sb.append("\033[J");
    out.print(sb);
    out.flush();
    drawnLines = lines.size();
  }

  /**
   * Prints {@code line} above the table (a warning, a log line), then redraws the table under it, so other output
   * scrolls up with the terminal instead of breaking the redraw. After {@link #close} it is printed as it is.
   */
  public synchronized void above(String line) {
    StringBuilder sb = new StringBuilder("\r");
    if (drawnLines > 0 && !closed) {
      sb.append("\033[").append(drawnLines).append('A');
    }
    sb.append(line).append("\033[K\n");
    if (!closed) {
      sb.append("\033[J");
    }
    out.print(sb);
    out.flush();
    drawnLines = 0;
    draw(true);
  }

  /** Draws the last frame, once; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      draw(true);
      closed = true;
    }
  }
}
