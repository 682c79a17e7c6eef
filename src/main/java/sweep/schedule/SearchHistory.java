package sweep.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import sweep.prune.Curve;
import sweep.search.Observation;
import sweep.spec.Goal;
import sweep.spec.Impute;
import sweep.spec.MetricSpec;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/**
 * The search trials of a sweep as a sampler and a pruner see them, read from the Store: for the sampler, complete
 * and pruned trials with their best value and last epoch, pending and running ones as running, failed ones left
 * out; for the pruner, the sweep metric's curve of every search trial. Finished trials never change (the Store's
 * contract), so each is read once, its curve too; a later read fetches the unfinished trials (their curves afresh),
 * the ones that finished since, and a count that tells whether anything was missed (then it reads everything
 * again). So a read costs what the unfinished trials cost, not what the whole sweep holds.
 *
 * <p>With the metric's {@code impute} (W&B's), a failed trial is an observation too, complete, with the value
 * {@link Impute} names; with {@code impute_while_running} a running trial is one, complete, with its imputed value
 * instead of being running (W&B's bayes search fits it as a finished run).
 */
public final class SearchHistory {
  private static final Set<TrialState> UNFINISHED = Set.of(TrialState.PENDING, TrialState.RUNNING);
  /** More finished trials than this without a cached curve are read in one query over the sweep, not one each. */
  private static final int ONE_BY_ONE = 16;

  private final Store store;
  private final long sweepId;
  private final String metric;
  private final Goal goal;
  private final Impute impute;
  private final Impute imputeWhileRunning;
  /** Finished trials by id. */
  private final Map<Long, Finished> finished = new HashMap<>();
  /** Curves of finished trials by id, read when {@link #curves} first needs them. */
  private final Map<Long, Curve> finishedCurves = new HashMap<>();
  private Set<Long> unfinished = new HashSet<>();
  /** The finished trials' observations ordered by number; null when a trial has finished since it was made. */
  private List<Observation> finishedObservations;
  /** The finished trials' curves ordered by number; null when one has been read or dropped since it was made. */
  private List<Curve> finishedCurveList;

  /** A finished trial: its record, and its observation (null for a failed one). */
  private record Finished(TrialRecord trial, Observation observation) {
    int number() {
      return trial.number();
    }

    TrialState state() {
      return trial.state();
    }
  }

  /** @param metric the sweep metric, whose curves {@link #curves} returns; failed trials left out */
  public SearchHistory(Store store, long sweepId, String metric) {
    this(store, sweepId, new MetricSpec(metric, Goal.MAXIMIZE));
  }

  /** @param metric the sweep metric (whose curves {@link #curves} returns) with its imputation */
  public SearchHistory(Store store, long sweepId, MetricSpec metric) {
    this.store = store;
    this.sweepId = sweepId;
    this.metric = metric.name();
    this.goal = metric.goal();
    this.impute = metric.impute();
    this.imputeWhileRunning = metric.imputeWhileRunning();
  }

  /** What a sampler and a pruner see at one moment: {@link #observations} and {@link #curves} from one read. */
  public record View(List<Observation> observations, List<Curve> curves) {}

  /** Every search trial that did not fail, ordered by number. */
  public List<Observation> observations() {
    return observations(refresh());
  }

  /**
   * The metric's curve of every search trial (failed ones included, with what they recorded), ordered by number;
   * complete is true for complete trials only.
   */
  public List<Curve> curves() {
    return curves(refresh());
  }

  /** Both, from one read of the Store: what a proposal under a pruner needs. */
  public View view() {
    List<TrialRecord> open = refresh();
    return new View(observations(open), curves(open));
  }

  private List<Observation> observations(List<TrialRecord> open) {
    if (finishedObservations == null) {
      List<Observation> sorted = new ArrayList<>(finished.size());
      finished.values().stream().filter(f -> f.observation() != null).forEach(f -> sorted.add(f.observation()));
      sorted.sort(Comparator.comparingInt(Observation::number));
      finishedObservations = sorted;
    }
    List<Observation> out = new ArrayList<>(finishedObservations.size() + open.size());
    out.addAll(finishedObservations);
    double worst = impute == Impute.WORST || imputeWhileRunning == Impute.WORST ? worst(open) : Double.NaN;
    if (impute != null) {
      finished.values().stream().filter(f -> f.observation() == null)
          .forEach(f -> out.add(imputed(f.trial(), impute, worst)));
    }
    open.forEach(t -> out.add(imputeWhileRunning == null ? observation(t, Observation.State.RUNNING)
        : imputed(t, imputeWhileRunning, worst)));
    out.sort(Comparator.comparingInt(Observation::number)); // an ordered run and a few: one merge
    return out;
  }

  private List<Curve> curves(List<TrialRecord> open) {
    List<Long> missing = new ArrayList<>();
    finished.keySet().forEach(id -> {
      if (!finishedCurves.containsKey(id)) {
        missing.add(id);
      }
    });
    if (missing.size() > ONE_BY_ONE) {
      Map<Long, SortedMap<Integer, Double>> all = store.metricCurves(sweepId, Phase.SEARCH, metric);
      for (long id : missing) {
        finishedCurves.put(id, curve(finished.get(id), all.getOrDefault(id, new TreeMap<>())));
      }
    } else {
      for (long id : missing) {
        finishedCurves.put(id, curve(finished.get(id), values(id)));
      }
    }
    if (!missing.isEmpty() || finishedCurveList == null) {
      List<Curve> sorted = new ArrayList<>(finishedCurves.values());
      sorted.sort(Comparator.comparingInt(Curve::number));
      finishedCurveList = sorted;
    }
    List<Curve> out = new ArrayList<>(finishedCurveList.size() + open.size());
    out.addAll(finishedCurveList);
    open.forEach(t -> out.add(Curve.of(t.number(), false, values(t.id()))));
    out.sort(Comparator.comparingInt(Curve::number)); // an ordered run and a few: one merge
    return out;
  }

  /** Brings the finished trials up to date; returns the unfinished ones as they are now. */
  private List<TrialRecord> refresh() {
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
      finishedCurves.clear();
      finishedObservations = null;
      finishedCurveList = null;
      for (TrialRecord t : store.trials(sweepId, Phase.SEARCH, Set.of())) {
        if (!UNFINISHED.contains(t.state())) {
          remember(t);
        }
      }
    }
    return open;
  }

  private void remember(TrialRecord t) {
    Observation.State state = switch (t.state()) {
      case COMPLETE -> Observation.State.COMPLETE;
      case PRUNED -> Observation.State.PRUNED;
      case FAILED -> null;
      case PENDING, RUNNING -> throw new IllegalStateException("trial " + t.label() + " has not finished");
    };
    finished.put(t.id(), new Finished(t, state == null ? null : observation(t, state)));
    finishedObservations = null;
    if (finishedCurves.remove(t.id()) != null) {
      finishedCurveList = null;
    }
  }

  private static Curve curve(Finished f, Map<Integer, Double> values) {
    return Curve.of(f.number(), f.state() == TrialState.COMPLETE, values);
  }

  /** The metric by epoch of one trial, as recorded. */
  private Map<Integer, Double> values(long trialId) {
    Map<Integer, Double> out = new TreeMap<>();
    for (EpochRecord e : store.epochs(trialId)) {
      Double v = e.metrics().get(metric);
      if (v != null) {
        out.put(e.epoch(), v);
      }
    }
    return out;
  }

  /**
   * Trial {@code t} as a complete observation with the value {@code how} gives it ({@code worst}: the sweep's worst
   * value, worked out once per read), or 0 when there is none, as in W&B.
   */
  private Observation imputed(TrialRecord t, Impute how, double worst) {
    double v = switch (how) {
      case WORST -> worst;
      case BEST -> t.bestValue() == null ? Double.NaN : t.bestValue();
      case LATEST -> values(t.id()).values().stream().reduce((a, b) -> b).orElse(Double.NaN);
    };
    return new Observation(t.number(), t.params(), Observation.State.COMPLETE, Double.isFinite(v) ? v : 0.0,
        t.lastEpoch() == null ? 0 : t.lastEpoch());
  }

  /** The worst value any finished trial reported at any epoch (W&B's worst run extremum); NaN when none did. */
  private double worst(List<TrialRecord> open) {
    Set<Integer> running = new HashSet<>();
    open.forEach(t -> running.add(t.number()));
    double worst = Double.NaN;
    for (Curve c : curves(open)) {
      if (running.contains(c.number())) {
        continue;
      }
      for (double v : c.values().values()) {
        if (Double.isFinite(v) && (Double.isNaN(worst) || goal.better(worst, v))) {
          worst = v;
        }
      }
    }
    return worst;
  }

  private static Observation observation(TrialRecord t, Observation.State state) {
    return new Observation(t.number(), t.params(), state, t.bestValue() == null ? Double.NaN : t.bestValue(),
        t.lastEpoch() == null ? 0 : t.lastEpoch());
  }
}
