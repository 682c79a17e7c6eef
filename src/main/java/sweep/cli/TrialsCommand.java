package sweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.report.Tables;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.util.Json;

/** {@code sweep trials [SWEEP]}: every trial of a sweep. */
final class TrialsCommand extends ReadCommand {
  TrialsCommand(Context context) {
    super(context, "trials", "List the trials of a sweep with their parameters and results.");
  }

  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    List<TrialRecord> trials = store.trials(s.id());
    Map<Long, String> jobs = jobStates(trials);
    if (json()) {
      List<Map<String, Object>> view = new ArrayList<>();
      trials.forEach(t -> view.add(Views.withJob(Views.trial(s, t), t, jobs)));
      out.println(Json.pretty(view));
      return;
    }
    boolean slurm = trials.stream().anyMatch(t -> !Views.job(t, jobs).isEmpty());
    List<List<String>> rows = new ArrayList<>();
    for (TrialRecord t : trials) {
      List<String> row = new ArrayList<>(List.of(t.label(), Views.shownState(s, t),
          (t.lastEpoch() == null ? "0" : t.lastEpoch()) + "/" + t.epochs(),
          Tables.number(t.bestValue()), t.bestEpoch() == null ? "-" : t.bestEpoch().toString(),
          Tables.params(t.params()), t.reason() == null ? "" : t.reason()));
      if (slurm) { // the Slurm job before the reason, the widest column
        row.add(row.size() - 1, Views.job(t, jobs));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("trial", "state", "epochs", "best " + s.metric(), "at", "params",
        "reason"));
    if (slurm) {
      header.add(header.size() - 1, "slurm job");
    }
    out.print(Tables.render(header, rows));
    if (s.state() == SweepState.INTERRUPTED) {
      out.println(ResumeCommand.hint(s.specFile(), s.name(), db()));
    }
  }
}
