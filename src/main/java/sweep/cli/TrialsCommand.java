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
    if (json()) {
      List<Map<String, Object>> view = new ArrayList<>();
      trials.forEach(t -> view.add(Views.trial(s, t)));
      out.println(Json.pretty(view));
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (TrialRecord t : trials) {
      rows.add(List.of(t.label(), Views.shownState(s, t),
          (t.lastEpoch() == null ? "0" : t.lastEpoch()) + "/" + t.epochs(),
          Tables.number(t.bestValue()), t.bestEpoch() == null ? "-" : t.bestEpoch().toString(),
          Tables.params(t.params()), t.reason() == null ? "" : t.reason()));
    }
    out.print(Tables.render(List.of("trial", "state", "epochs", "best " + s.metric(), "at", "params", "reason"),
        rows));
    if (s.state() == SweepState.INTERRUPTED) {
      out.println(ResumeCommand.hint(s.specFile(), s.name(), db()));
    }
  }
}
