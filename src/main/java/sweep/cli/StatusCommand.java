package sweep.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import sweep.report.Tables;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/** {@code sweep status [SWEEP]}: where a sweep stands. */
@Command(name = "status", description = "Show where a sweep stands: state, trials by state, best so far.")
final class StatusCommand extends ReadCommand {
  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
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
    store.dataSnapshot(s.id()).ifPresent(d -> {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("source", d.source());
      data.put("snapshot", d.path());
      data.put("items", d.items());
      data.put("lines", d.lines());
      data.put("data_hash", d.dataHash());
      data.put("bad_rows", d.badRows());
      data.put("at", d.at().toString());
      view.put("data", data);
    });
    view.put("running", trials.stream().filter(t -> t.state() == TrialState.RUNNING).map(TrialRecord::label)
        .toList());
    if (json) {
      out.println(Json.pretty(view));
      return;
    }
    out.println("sweep " + s.name() + ": " + s.state() + (s.reason() != null ? " (" + s.reason() + ")" : ""));
    out.println("metric " + s.metric() + " (" + s.goal().word() + "), spec " + s.specFile());
    store.dataSnapshot(s.id()).ifPresent(d -> out.println("data " + d.source() + ": " + d.lines() + " line(s) of "
        + d.items() + ", hash " + d.dataHash() + ", " + d.badRows()));
    out.println("search trials: " + c);
    store.bestTrial(s.id(), Phase.SEARCH).ifPresent(b -> out.println("best search trial " + b.label() + ": "
        + s.metric() + "=" + Tables.number(b.bestValue()) + " at epoch " + b.bestEpoch() + " " + b.params()));
    trials.stream().filter(t -> t.phase() == Phase.RETRAIN).reduce((a, b) -> b).ifPresent(r -> out.println(
        "retrain: " + r.state() + (r.bestValue() != null ? ", " + s.metric() + "=" + Tables.number(r.bestValue())
        + " at epoch " + r.bestEpoch() : "")));
  }
}
