package sweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.report.model.ReportBuilder;
import sweep.report.model.TrialEntry;
import sweep.report.model.TrialTable;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.util.Json;

/** {@code sweep trials [SWEEP]}: every trial of a sweep, from the report's model ({@link TrialEntry}). */
final class TrialsCommand extends ReadCommand {
  TrialsCommand(Context context) {
    super(context, "trials", "List the trials of a sweep with their parameters and results.");
  }

  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    List<TrialRecord> trials = store.trials(s.id());
    List<TrialEntry> entries = ReportBuilder.trials(store, s, trials);
    Map<Long, String> jobs = jobStates(trials);
    if (json()) {
      List<Map<String, Object>> view = new ArrayList<>();
      for (int i = 0; i < trials.size(); i++) {
        view.add(Views.withJob(Views.trial(s, trials.get(i), entries.get(i)), trials.get(i), jobs));
      }
      out.println(Json.pretty(view));
      return;
    }
    Map<Long, TrialRecord> byId = new java.util.HashMap<>();
    trials.forEach(t -> byId.put(t.id(), t));
    out.print(TrialTable.render(s.metric(), entries, e -> Views.job(byId.get(e.id()), jobs)));
    if (s.state() == SweepState.INTERRUPTED) {
      out.println(ResumeCommand.hint(s.specFile(), s.name(), db()));
    }
  }
}
