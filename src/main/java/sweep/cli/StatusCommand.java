package sweep.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.report.Tables;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/** {@code sweep status [SWEEP]}: where a sweep stands. */
@Command(name = "status", description = "Show where a sweep stands: state, trials by state, best so far.")
final class StatusCommand implements Callable<Integer> {
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
      Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
      for (TrialState st : TrialState.values()) {
        counts.put(st, 0);
      }
      trials.stream().filter(t -> t.phase() == Phase.SEARCH).forEach(t -> counts.merge(t.state(), 1, Integer::sum));
      Map<String, Object> view = Views.sweep(s);
      Map<String, Object> c = new LinkedHashMap<>();
      counts.forEach((k, v) -> c.put(k.name().toLowerCase(), v));
      view.put("search_trials", c);
      store.bestTrial(s.id(), Phase.SEARCH).ifPresent(b -> view.put("best_search_trial", Views.trial(b)));
      trials.stream().filter(t -> t.phase() == Phase.RETRAIN).reduce((a, b) -> b)
          .ifPresent(r -> view.put("retrain", Views.trial(r)));
      view.put("running", trials.stream().filter(t -> t.state() == TrialState.RUNNING).map(TrialRecord::label)
          .toList());
      PrintWriter out = command.commandLine().getOut();
      if (json) {
        out.println(Json.pretty(view));
        return Main.OK;
      }
      out.println("sweep " + s.name() + ": " + s.state() + (s.reason() != null ? " (" + s.reason() + ")" : ""));
      out.println("metric " + s.metric() + " (" + s.goal().word() + "), spec " + s.specFile());
      out.println("search trials: " + c);
      store.bestTrial(s.id(), Phase.SEARCH).ifPresent(b -> out.println("best search trial " + b.label() + ": "
          + s.metric() + "=" + Tables.number(b.bestValue()) + " at epoch " + b.bestEpoch() + " " + b.params()));
      trials.stream().filter(t -> t.phase() == Phase.RETRAIN).reduce((a, b) -> b).ifPresent(r -> out.println(
          "retrain: " + r.state() + (r.bestValue() != null ? ", " + s.metric() + "=" + Tables.number(r.bestValue())
          + " at epoch " + r.bestEpoch() : "")));
      return Main.OK;
    }
  }
}
