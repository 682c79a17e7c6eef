package sweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import sweep.artifact.ArtifactStore;
import sweep.artifact.Promotion;
import sweep.report.Tables;
import sweep.schedule.PublishChoice;
import sweep.schedule.RunLock;
import sweep.store.EventRecord;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.BadInputException;
import sweep.spec.MetricDefinition;
import sweep.util.Json;

/**
 * {@code sweep best [SWEEP]}: the sweep's model. For a complete sweep that is the trial it published (the retrain,
 * or its source search trial when the retrain ended worse; {@code published_from} and {@code reason} say which and
 * why); before that, the best search trial so far, marked as such.
 */
final class BestCommand extends ReadCommand {
  BestCommand(Context context) {
    super(context, "best", "Show the best trial of a sweep: parameters, metric, epoch, checkpoint.");
    addFlag("--promote", "make this model the production model if it beats the current one");
    addFlag("--force", "with --promote: promote even if it does not win");
    addOption("--min-delta", Double.class, "X",
        "with --promote: how much it must beat production by (default: the spec's promote.min_delta, else 0)");
    addOption("--artifacts", String.class, "LOCATION", "with --promote: the artifact store holding runs/ and"
        + " production/, a directory or s3://BUCKET/PREFIX (default: the spec's artifacts)");
  }

  @Override
  boolean writes() {
    return flag("--promote"); // a promotion records its decision
  }

  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    if (flag("--promote")) {
      promote(store, s, out);
      return;
    }
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
    view.put("metric_definition", s.metricDefinition() == null ? null : Json.tree(s.metricDefinition()));
    view.put("value", t.bestValue());
    view.put("epoch", t.bestEpoch());
    view.put("params", t.params());
    view.put("checkpoint", published ? s.bestCheckpoint() : Views.trial(t).get("best_checkpoint"));
    view.put("trial_checkpoint", Views.trial(t).get("best_checkpoint"));
    if (t.phase() == Phase.RETRAIN) {
      view.put("search_value", source.bestValue());
      view.put("search_epoch", source.bestEpoch());
    }
    view.put("published_from", published ? t.phase().word() : null);
    String reason = published ? publishReason(store, s) : null;
    view.put("reason", reason);
    Optional<TrialRecord> passedOver = published && t.phase() == Phase.SEARCH ? retrainOf(store, t) : Optional.empty();
    passedOver.ifPresent(r -> {
      view.put("retrain_value", r.bestValue());
      view.put("retrain_epoch", r.bestEpoch());
    });
    if (json()) {
      out.println(Json.pretty(view));
      return;
    }
    out.println("sweep " + s.name() + " (" + s.state() + ")" + (published ? "" : ": search still going, best so far"));
    out.println("trial " + t.label() + (t.phase() == Phase.RETRAIN ? " (retrain of search trial " + source.label()
        + ")" : "") + ": " + s.metric() + "=" + Tables.number(t.bestValue()) + " at epoch " + t.bestEpoch());
    out.println("params " + t.params());
    out.println("checkpoint " + view.get("checkpoint"));
    if (reason != null) {
      out.println(reason);
    }
  }

  /** Why the sweep published the model it did, as recorded when it did (null for sweeps that predate the record). */
  private static String publishReason(Store store, SweepRecord s) {
    String reason = null;
    for (EventRecord e : store.events(s.id())) {
      if (e.type().equals(PublishChoice.EVENT) && s.bestTrialId().equals(e.trialId())) {
        reason = e.message();
      }
    }
    return reason;
  }

  /** The finished retrain of a search trial, if it had one. */
  private static Optional<TrialRecord> retrainOf(Store store, TrialRecord search) {
    return store.trials(search.sweepId()).stream().filter(r -> r.phase() == Phase.RETRAIN
        && r.state() == TrialState.COMPLETE && Long.valueOf(search.id()).equals(r.sourceTrialId())).reduce((a, b) -> b);
  }

  private void promote(Store store, SweepRecord s, PrintWriter out) {
    if (s.bestTrialId() == null || s.bestCheckpoint() == null) {
      throw new BadInputException("sweep '" + s.name() + "' has no published checkpoint to promote (state "
          + s.state() + "); finish it with `sweep run --resume`");
    }
    TrialRecord t = store.trial(s.bestTrialId());
    String artifacts = value("--artifacts");
    Double minDelta = value("--min-delta");
    JsonNode spec = Json.tree(s.specJson());
    String location = artifacts != null ? artifacts : spec.path("artifacts").isTextual()
        ? spec.path("artifacts").asText()
        : Path.of(spec.path("runs_dir").asText("results/runs")).toAbsolutePath().getParent().toString();
    double delta = minDelta != null ? minDelta : spec.path("promote_min_delta").asDouble(0.0);
    if (!(delta >= 0) || Double.isInfinite(delta)) {
      throw new BadInputException("--min-delta must be a finite number of 0 or more, got " + delta);
    }
    try (RunLock lock = RunLock.acquire(db());
        ArtifactStore artifactStore = context.artifacts(location)) {
      Promotion promotion = new Promotion(artifactStore, context.clock());
      Promotion.Outcome o = promotion.promote(new Promotion.Candidate(s.name(), t.dirName(), s.metric(), s.goal(),
          t.bestValue(), sweep.artifact.RunLayout.bestKey(s.name()), s.bestManifestSha256(),
          s.metricDefinition() == null ? null : MetricDefinition.fromJson(Json.tree(s.metricDefinition()))), delta,
          flag("--force"));
      store.recordPromotion(s.id(), t.id(), o.promoted(), t.bestValue(), o.previousValue(), o.version(), o.message());
      out.println(o.message());
    } catch (Promotion.MeasuredDifferentlyException e) {
      store.recordPromotion(s.id(), t.id(), false, t.bestValue(), e.championValue(), null, "refused: " + e.getMessage());
      throw new BadInputException(e.getMessage());
    } catch (IOException e) {
      store.recordPromotion(s.id(), t.id(), false, t.bestValue(), null, null, "failed: " + e.getMessage());
      throw new UncheckedIOException("promotion to " + location + " failed, production is unchanged: "
          + e.getMessage(), e);
    } catch (RunLock.HeldException e) {
      throw e; // another run writes this database now: nothing was attempted
    } catch (RuntimeException e) { // recorded too, whatever it is: every attempt leaves its trace
      store.recordPromotion(s.id(), t.id(), false, t.bestValue(), null, null, "failed: " + e.getMessage());
      throw e;
    }
  }
}
