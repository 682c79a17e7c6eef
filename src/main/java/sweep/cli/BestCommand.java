package sweep.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import sweep.report.Tables;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * {@code sweep best [SWEEP]}: the sweep's model. For a complete sweep that is the trial it published (the retrain,
 * when there is one); before that, the best search trial so far, marked as such.
 */
@Command(name = "best", description = "Show the best trial of a sweep: parameters, metric, epoch, checkpoint.")
final class BestCommand extends ReadCommand {
  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    boolean published = s.bestTrialId() != null;
    Optional<TrialRecord> best = published ? Optional.of(store.trial(s.bestTrialId()))
        : store.bestTrial(s.id(), Phase.SEARCH);
    if (best.isEmpty()) {
      throw new BadInputException("sweep '" + s.name() + "' has no trial with a value of " + s.metric() + " yet");
    }
    TrialRecord t = best.get();
    TrialRecord source = Views.source(store, t);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("sweep", s.name());
    view.put("sweep_state", s.state().name());
    view.put("final", published);
    view.put("trial", t.number());
    view.put("phase", t.phase().word());
    view.put("source_trial", source.number());
    view.put("metric", s.metric());
    view.put("goal", s.goal().word());
    view.put("value", t.bestValue());
    view.put("epoch", t.bestEpoch());
    view.put("params", t.params());
    view.put("checkpoint", published ? s.bestCheckpoint() : Views.trial(t).get("best_checkpoint"));
    view.put("trial_checkpoint", Views.trial(t).get("best_checkpoint"));
    if (t.phase() == Phase.RETRAIN) {
      view.put("search_value", source.bestValue());
      view.put("search_epoch", source.bestEpoch());
    }
    if (json) {
      out.println(Json.pretty(view));
      return;
    }
    out.println("sweep " + s.name() + " (" + s.state() + ")" + (published ? "" : ": search still going, best so far"));
    out.println("trial " + t.label() + (t.phase() == Phase.RETRAIN ? " (retrain of search trial " + source.label()
        + ")" : "") + ": " + s.metric() + "=" + Tables.number(t.bestValue()) + " at epoch " + t.bestEpoch());
    out.println("params " + t.params());
    out.println("checkpoint " + view.get("checkpoint"));
  }
}
