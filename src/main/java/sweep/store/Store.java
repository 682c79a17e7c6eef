package sweep.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a sweep learns, written as it happens, so that a killed orchestrator loses nothing.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The orchestrator is the only writer of a store; any number of readers may read while it writes, and
 *       see every write that has returned.</li>
 *   <li>Each write method is atomic and durable when it returns: a crash after it returns keeps it, a crash
 *       during it leaves no part of it.</li>
 *   <li>Sweep names are unique ({@link #createSweep} throws {@link StoreException} for a taken name). Trial
 *       numbers are unique per sweep and phase ({@link #createTrial} throws {@link StoreException}).</li>
 *   <li>A trial moves PENDING -> RUNNING ({@link #startTrial}) -> COMPLETE, PRUNED or FAILED
 *       ({@link #finishTrial}); a PENDING trial may also be finished (FAILED: it could not start). A RUNNING
 *       trial may go back to PENDING through {@link #requeueTrial}, which forgets the epochs after its last
 *       checkpoint. Any other move throws {@link IllegalStateException}. <b>Finished trials are immutable</b>:
 *       every write to one throws {@link IllegalStateException}.</li>
 *   <li>Epoch metrics may be written only to a RUNNING trial; writing an epoch again replaces it. The trial's
 *       best epoch and value follow the sweep metric under the sweep's goal; ties keep the earlier epoch;
 *       values that are not finite never count as best.</li>
 *   <li>Reads return immutable records, trials ordered by phase (search first) then number, epochs by epoch,
 *       events in the order written.</li>
 *   <li>Unknown ids throw {@link StoreException}.</li>
 * </ul>
 * Time comes from the clock the implementation is given.
 */
public interface Store extends AutoCloseable {

  SweepRecord createSweep(NewSweep sweep);

  Optional<SweepRecord> sweep(String name);

  /** The most recently created sweep. */
  Optional<SweepRecord> latestSweep();

  /** All sweeps, oldest first. */
  List<SweepRecord> sweeps();

  void setSweepState(long sweepId, SweepState state, String reason);

  /**
   * Records the SHA-256 of the manifest of the sweep's best checkpoint as it was synced to the artifact store
   * ({@link SweepRecord#bestManifestSha256}), so promotion can tell that the files there are still this sweep's.
   */
  void setBestManifest(long sweepId, String sha256);

  /**
   * Records how the sweep's metric is measured ({@code sweep.spec.MetricDefinition} as JSON): set when the sweep is
   * created, and when a sweep started by an earlier release, which did not record it, is resumed with its spec.
   */
  void setMetricDefinition(long sweepId, String definition);

  /** Where this store is, for messages (a database's path). */
  String describe();

  /** Records the sweep's final model: the trial that produced it and where its checkpoint is. */
  void setSweepBest(long sweepId, long trialId, String checkpoint);

  TrialRecord createTrial(NewTrial trial);

  /**
   * PENDING -> RUNNING: counts an attempt, records the run directory and where the attempt runs (its backend, host
   * and handle), starts the heartbeat.
   */
  void startTrial(long trialId, String trialDir, TrialLocation where);

  /** Replaces the trial's provenance (each attempt reports the runtime it ran with). */
  void recordProvenance(long trialId, Provenance provenance);

  void recordEpoch(long trialId, int epoch, Map<String, Double> metrics);

  /** A checkpoint written at the end of {@code epoch}, at {@code path} relative to the trial directory. */
  void recordCheckpoint(long trialId, int epoch, String path);

  void heartbeat(long trialId);

  /** Moves a trial to a finished state with a reason a person can read. */
  void finishTrial(long trialId, TrialState state, String reason);

  /** RUNNING -> PENDING, to be run again from its last checkpoint; forgets epochs after that checkpoint. */
  void requeueTrial(long trialId, String reason);

  void recordEvent(long sweepId, Long trialId, String type, String message);

  /**
   * Replaces the parameters of a PENDING trial (an out-of-memory retry with a smaller per-device batch); any other
   * state throws {@link IllegalStateException}.
   */
  void updatePendingParams(long trialId, Map<String, Object> params, String reason);

  List<TrialRecord> trials(long sweepId);

  TrialRecord trial(long trialId);

  /** The trials of a phase in the given states (all states when {@code states} is empty), ordered by number. */
  default List<TrialRecord> trials(long sweepId, Phase phase, java.util.Set<TrialState> states) {
    return trials(sweepId).stream().filter(t -> t.phase() == phase && (states.isEmpty()
        || states.contains(t.state()))).toList();
  }

  /** How many trials of a phase are in each state (every state present, zero included). */
  default Map<TrialState, Integer> trialCounts(long sweepId, Phase phase) {
    Map<TrialState, Integer> counts = new java.util.EnumMap<>(TrialState.class);
    for (TrialState state : TrialState.values()) {
      counts.put(state, 0);
    }
    trials(sweepId).stream().filter(t -> t.phase() == phase).forEach(t -> counts.merge(t.state(), 1, Integer::sum));
    return counts;
  }

  List<EpochRecord> epochs(long trialId);

  /**
   * One metric of every trial of a phase, by trial id then epoch (values that are not finite are NaN); trials
   * without a value of it are absent. What cross-trial pruning reads after every epoch.
   */
  default Map<Long, java.util.SortedMap<Integer, Double>> metricCurves(long sweepId, Phase phase, String metric) {
    Map<Long, java.util.SortedMap<Integer, Double>> out = new java.util.LinkedHashMap<>();
    for (TrialRecord t : trials(sweepId)) {
      if (t.phase() != phase) {
        continue;
      }
      for (EpochRecord e : epochs(t.id())) {
        Double v = e.metrics().get(metric);
        if (v != null) {
          out.computeIfAbsent(t.id(), k -> new java.util.TreeMap<>()).put(e.epoch(), v);
        }
      }
    }
    return out;
  }

  List<EventRecord> events(long sweepId);

  /** The sweep's events of one type, in the order written. */
  default List<EventRecord> events(long sweepId, String type) {
    return events(sweepId).stream().filter(e -> e.type().equals(type)).toList();
  }

  Optional<Provenance> provenance(long trialId);

  /** Records a promotion decision (made or refused) for a trial of the sweep; the id and time are the store's. */
  PromotionRecord recordPromotion(long sweepId, long trialId, boolean promoted, Double value, Double previousValue,
      String version, String message);

  /**
   * Records the data the sweep's trials train on, once per sweep: a second call for the same sweep throws
   * {@link IllegalStateException} (all trials of a sweep see the same data). The time is the store's clock.
   */
  DataSnapshot recordDataSnapshot(long sweepId, DataSnapshot snapshot);

  /** The sweep's data snapshot, if one was recorded. */
  Optional<DataSnapshot> dataSnapshot(long sweepId);

  /** The sweep's promotion decisions, oldest first. */
  List<PromotionRecord> promotions(long sweepId);

  /**
   * The best finished (COMPLETE or PRUNED) trial of a phase by its best value under the sweep's goal; ties go to
   * the lower number. Empty when no such trial has a value.
   */
  Optional<TrialRecord> bestTrial(long sweepId, Phase phase);

  @Override
  void close();
}
