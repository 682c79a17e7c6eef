package sweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.report.Tables;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;

/** {@code sweep trials [SWEEP]}: every trial of a sweep. */
@Command(name = "trials", description = "List the trials of a sweep with their parameters and results.")
final class TrialsCommand implements Callable<Integer> {
  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;
  @Mixin DbOption db;
  @Mixin SweepArgument sweepArg;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() {
    try (Store store = SqliteStore.openExisting(db.db, parent.context.clock())) {
      SweepRecord s = sweepArg.resolve(store);
      List<TrialRecord> trials = store.trials(s.id());
      PrintWriter out = command.commandLine().getOut();
      if (json) {
        List<Map<String, Object>> view = new ArrayList<>();
        trials.forEach(t -> view.add(Views.trial(t)));
        out.println(Json.pretty(view));
        return Main.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (TrialRecord t : trials) {
        rows.add(List.of(t.label(), t.state().name(), (t.lastEpoch() == null ? "0" : t.lastEpoch()) + "/" + t.epochs(),
            Tables.number(t.bestValue()), t.bestEpoch() == null ? "-" : t.bestEpoch().toString(),
            t.params().toString(), t.reason() == null ? "" : t.reason()));
      }
      out.print(Tables.render(List.of("trial", "state", "epochs", "best " + s.metric(), "at", "params", "reason"),
          rows));
      return Main.OK;
    }
  }
}
