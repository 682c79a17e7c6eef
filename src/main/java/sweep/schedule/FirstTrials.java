package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import sweep.artifact.ArtifactStore;
import sweep.artifact.Promotion;
import sweep.spec.InitialTrials;
import sweep.spec.ParamSpec;
import sweep.spec.SpaceMembership;
import sweep.spec.SweepSpec;
import sweep.store.EventRecord;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;

/**
 * The parameters of a sweep's initial trials (search trials 0, 1, ... in order), resolved once when the sweep
 * starts and recorded as its {@value #EVENT} event (JSON: {@code source}, {@code trials}, and {@code skipped} where
 * production gave none); a resumed sweep reads them back from it. {@code initial_trials: production} reads the
 * production pointer ({@code production/CURRENT.json} in the spec's artifact store), then the parameters from the
 * {@code provenance.json} it names or, for a pointer older than that file, from the promoted trial's record in this
 * database; no production model, parameters that cannot be found, or parameters outside tonight's search space
 * skip it with a log line: the night goes on without it.
 */
final class FirstTrials {
  static final String EVENT = "initial_trials";

  private FirstTrials() {}

  static List<Map<String, Object>> resolve(SweepSpec spec, Store store, SweepRecord tonight, ArtifactStore artifacts,
      Consumer<String> log) {
    InitialTrials it = spec.initialTrials();
    if (!it.enabled()) {
      return List.of();
    }
    List<EventRecord> recorded = store.events(tonight.id(), EVENT);
    if (!recorded.isEmpty()) { // resumed: what the sweep started with, whatever production holds now
      List<Map<String, Object>> out = new ArrayList<>();
      Json.tree(recorded.get(0).message()).path("trials").forEach(t -> out.add(Json.params(t.toString())));
      return out;
    }
    List<Map<String, Object>> trials = it.trials();
    String skipped = null;
    if (it.production()) {
      Optional<Map<String, Object>> p;
      try {
        p = production(spec, store, artifacts);
      } catch (IOException | RuntimeException e) {
        p = Optional.empty();
        skipped = "cannot read the production model's parameters: " + e.getMessage();
      }
      if (p.isPresent() && skipped == null) {
        String outside = SpaceMembership.firstOutside(spec.parameters(), p.get());
        if (outside != null) {
          skipped = "the production model's " + outside + " (outside tonight's search space)";
        }
      } else if (skipped == null) {
        skipped = "no production model in " + artifacts.describe();
      }
      trials = skipped == null ? List.of(only(spec.parameters(), p.get())) : List.of();
      log.accept(skipped == null ? "initial trials: trial 0 runs the production model's parameters "
          + Json.write(trials.get(0)) : "initial trials: production skipped: " + skipped);
    } else {
      log.accept("initial trials: " + trials.size() + " from the spec" + (trials.size() > spec.runCap()
          ? ", of which the first " + spec.runCap() + " run (the run cap is " + spec.runCap() + ")" : " run first"));
    }
    ObjectNode o = Json.mapper().createObjectNode().put("source", it.production() ? "production" : "spec");
    ArrayNode a = o.putArray("trials");
    trials.forEach(t -> a.add(Json.mapper().valueToTree(t)));
    if (skipped != null) {
      o.put("skipped", skipped);
    }
    store.recordEvent(tonight.id(), null, EVENT, Json.write(o));
    return trials;
  }

  /** The production model's parameters, if there is a production model whose parameters can be found. */
  private static Optional<Map<String, Object>> production(SweepSpec spec, Store store, ArtifactStore artifacts)
      throws IOException {
    Optional<JsonNode> current = new Promotion(artifacts, Clock.systemUTC()).current();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JsonNode pointer = current.get();
    if (pointer.path("provenance").isTextual()) {
      Optional<byte[]> raw = artifacts.read(pointer.path("provenance").asText());
      if (raw.isPresent()) {
        JsonNode params = Json.mapper().readTree(raw.get()).path("params");
        if (params.isObject()) {
          return Optional.of(Json.params(params.toString()));
        }
      }
    }
    Optional<SweepRecord> s = store.sweep(pointer.path("sweep").asText(""));
    if (s.isPresent()) {
      for (TrialRecord t : store.trials(s.get().id())) {
        if (t.dirName().equals(pointer.path("trial").asText())) {
          return Optional.of(t.params());
        }
      }
    }
    throw new IOException("neither " + pointer.path("provenance").asText("a provenance.json") + " nor sweep '"
        + pointer.path("sweep").asText() + "' in this database gives them");
  }

  /** The searched parameters of {@code params}, as the sampler would give them. */
  private static Map<String, Object> only(Map<String, ParamSpec> parameters, Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (v.searched()) {
        out.put(k, SpaceMembership.normalize(v, params.get(k)));
      }
    });
    return out;
  }
}
