package sweep.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import sweep.prune.EarlierTrials;
import sweep.prune.Pruner;
import sweep.search.Observation;
import sweep.search.Sampler;
import sweep.search.SearchSpace;
import sweep.search.Seeds;
import sweep.spec.SweepSpec;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/**
 * The search trials to run, one at a time as slots free up: first those already created and PENDING (a resumed
 * sweep), then new ones up to {@code run_cap}, each proposed by the sampler from the history as recorded when it
 * is asked (so a trial that just ended informs the next) and recorded before it starts. The first ones are the
 * spec's initial trials where it has them (their parameters over the proposal's), and the sampler sees the
 * trials of earlier sweeps a warm start brings ahead of the sweep's own.
 */
final class SearchTrials implements Supplier<TrialRecord> {
  private final SweepSpec spec;
  private final Store store;
  private final long sweepId;
  private final Sampler sampler;
  private final SearchSpace space;
  private final SearchHistory history;
  private final Pruner pruner;
  private final Deque<TrialRecord> pending;
  private final EarlierTrials earlier;
  private final List<Map<String, Object>> initial;
  private int next;

  /**
   * @param pruner the sweep's pruner (it may narrow what the sampler sees), or null
   * @param earlier finished trials of earlier sweeps (a warm start), the pruner already given them
   * @param initial the parameters of trials 0, 1, ... (initial trials), each over what the sampler proposes
   */
  SearchTrials(SweepSpec spec, Store store, long sweepId, Sampler sampler, SearchHistory history, Pruner pruner,
      EarlierTrials earlier, List<Map<String, Object>> initial) {
    this.earlier = earlier;
    this.initial = List.copyOf(initial);
    this.spec = spec;
    this.store = store;
    this.sweepId = sweepId;
    this.sampler = sampler;
    this.space = new SearchSpace(spec);
    this.history = history;
    this.pruner = pruner;
    List<TrialRecord> existing = store.trials(sweepId).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
    this.pending = new ArrayDeque<>(existing.stream().filter(t -> t.state() == TrialState.PENDING).toList());
    this.next = existing.stream().mapToInt(TrialRecord::number).max().orElse(-1) + 1;
  }

  /** The next trial to run, or null when all {@code run_cap} have been created and none is pending. */
  @Override
  public TrialRecord get() {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    if (next >= spec.runCap() || targetReached()) {
      return null;
    }
    int number = next++;
    List<Observation> seen;
    if (pruner == null) {
      seen = earlier.observations(history.observations());
    } else {
      SearchHistory.View view = history.view();
      seen = pruner.history(number, view.observations(), view.curves());
    }
    Map<String, Object> draw = sampler.propose(number, seen);
    if (number < initial.size()) {
      draw = new java.util.LinkedHashMap<>(draw);
      draw.putAll(initial.get(number));
    }
    Map<String, Object> params = space.complete(draw);
    TrialRecord t = store.createTrial(new NewTrial(sweepId, Phase.SEARCH, number, params,
        Seeds.trial(spec.seed(), number), spec.trial().epochs(), null));
    store.recordEvent(sweepId, t.id(), "created", Json.write(params));
    return t;
  }

  /** Whether a W&B file's {@code metric.target} is reached by the best search trial so far (W&B ends the search). */
  private boolean targetReached() {
    com.fasterxml.jackson.databind.JsonNode target = spec.taskConfig().path("wandb_agent").path("target");
    if (!target.isNumber()) {
      return false;
    }
    return store.bestTrial(sweepId, Phase.SEARCH).map(TrialRecord::bestValue).filter(v -> v != null)
        .map(v -> spec.metric().goal() == sweep.spec.Goal.MINIMIZE ? v <= target.asDouble() : v >= target.asDouble())
        .orElse(false);
  }
}
