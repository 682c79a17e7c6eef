package sweep.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;

/**
 * How a sweep's search started, for a trial's provenance: the sweep's warm start (its {@value WarmStarts#EVENT}
 * event: the earlier sweeps, the weight, the trials used and dropped) and initial trials (its
 * {@value FirstTrials#EVENT} event: source, parameters, why skipped), and whether the trial's parameters are one of
 * those initial trials ({@code initial_trial}: its index; a retrain counts as the search trial it retrains). Keys
 * whose event the sweep does not have are null: a cold start, no initial trials.
 */
public final class SearchStart {
  private SearchStart() {}

  /** {@code warm_start}, {@code initial_trials} and {@code initial_trial} of trial {@code t} of sweep {@code s}. */
  public static Map<String, Object> of(Store store, SweepRecord s, TrialRecord t) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> initial = event(store, s, FirstTrials.EVENT);
    out.put("warm_start", event(store, s, WarmStarts.EVENT));
    out.put("initial_trials", initial);
    TrialRecord search = t.phase() == Phase.RETRAIN && t.sourceTrialId() != null ? store.trial(t.sourceTrialId()) : t;
    int count = initial == null ? 0 : ((List<?>) initial.getOrDefault("trials", List.of())).size();
    out.put("initial_trial", search.phase() == Phase.SEARCH && search.number() < count ? search.number() : null);
    return out;
  }

  /** The JSON message of the sweep's first event of {@code type} as a map, or null when it has none. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> event(Store store, SweepRecord s, String type) {
    return store.events(s.id(), type).stream().findFirst()
        .map(e -> (Map<String, Object>) Json.mapper().convertValue(Json.tree(e.message()), Map.class))
        .orElse(null);
  }
}
