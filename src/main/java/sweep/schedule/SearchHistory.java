package sweep.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sweep.search.Observation;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/**
 * The search trials of a sweep as a sampler sees them, read from the Store: complete and pruned trials with
 * their best value and last epoch, pending and running ones as running, failed ones left out. Finished trials
 * never change (the Store's contract), so each is read once; a later read fetches the unfinished trials, the ones
 * that finished since, and a count that tells whether anything was missed (then it reads everything again).
 */
public final class SearchHistory {
  private static final Set<TrialState> UNFINISHED = Set.of(TrialState.PENDING, TrialState.RUNNING);

  private final Store store;
  private final long sweepId;
  /** Finished trials by id: their observation, or null for a failed one. */
  private final Map<Long, Observation> finished = new HashMap<>();
  private Set<Long> unfinished = new HashSet<>();

  public SearchHistory(Store store, long sweepId) {
    this.store = store;
    this.sweepId = sweepId;
  }

  /** Every search trial that did not fail, ordered by number. */
  public List<Observation> observations() {
    List<TrialRecord> open = store.trials(sweepId, Phase.SEARCH, UNFINISHED);
    Set<Long> openIds = new HashSet<>();
    open.forEach(t -> openIds.add(t.id()));
    for (long id : unfinished) {
      if (!openIds.contains(id)) {
        remember(store.trial(id));
      }
    }
    unfinished = openIds;
    int total = store.trialCounts(sweepId, Phase.SEARCH).values().stream().mapToInt(Integer::intValue).sum();
    if (finished.size() + open.size() != total) {
      finished.clear();
      for (TrialRecord t : store.trials(sweepId, Phase.SEARCH, Set.of())) {
        if (!UNFINISHED.contains(t.state())) {
          remember(t);
        }
      }
    }
    List<Observation> out = new ArrayList<>(finished.size() + open.size());
    finished.values().stream().filter(o -> o != null).forEach(out::add);
    open.forEach(t -> out.add(observation(t, Observation.State.RUNNING)));
    out.sort(Comparator.comparingInt(Observation::number));
    return out;
  }

  private void remember(TrialRecord t) {
    Observation.State state = switch (t.state()) {
      case COMPLETE -> Observation.State.COMPLETE;
      case PRUNED -> Observation.State.PRUNED;
      case FAILED -> null;
      case PENDING, RUNNING -> throw new IllegalStateException("trial " + t.label() + " has not finished");
    };
    finished.put(t.id(), state == null ? null : observation(t, state));
  }

  private static Observation observation(TrialRecord t, Observation.State state) {
    return new Observation(t.number(), t.params(), state, t.bestValue() == null ? Double.NaN : t.bestValue(),
        t.lastEpoch() == null ? 0 : t.lastEpoch());
  }
}
