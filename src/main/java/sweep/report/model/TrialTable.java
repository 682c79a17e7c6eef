package sweep.report.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import sweep.report.Tables;

/** The text view of the report's trials: the table {@code sweep trials} prints. */
public final class TrialTable {
  private TrialTable() {}

  /**
   * One row per trial: label, shown state, epochs run of planned, best value and its epoch, parameters, reason; a
   * {@code slurm job} column before the reason when {@code job} gives any trial one.
   */
  public static String render(String metric, List<TrialEntry> trials, Function<TrialEntry, String> job) {
    boolean jobs = trials.stream().anyMatch(t -> !job.apply(t).isEmpty());
    List<List<String>> rows = new ArrayList<>();
    for (TrialEntry t : trials) {
      List<String> row = new ArrayList<>(List.of(t.label(), t.shownState(),
          (t.lastEpoch() == null ? "0" : t.lastEpoch()) + "/" + t.epochs(), Tables.number(t.bestValue()),
          t.bestEpoch() == null ? "-" : t.bestEpoch().toString(), Tables.params(t.params()),
          t.reason() == null ? "" : t.reason()));
      if (jobs) { // the Slurm job before the reason, the widest column
        row.add(row.size() - 1, job.apply(t));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("trial", "state", "epochs", "best " + metric, "at", "params",
        "reason"));
    if (jobs) {
      header.add(header.size() - 1, "slurm job");
    }
    return Tables.render(header, rows);
  }
}
