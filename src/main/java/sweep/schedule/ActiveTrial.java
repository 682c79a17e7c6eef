package sweep.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import sweep.backend.RunningTrial;
import sweep.store.TrialRecord;

/** A trial attempt the dispatcher runs: what it has reported, and what the orchestrator decided about it. */
final class ActiveTrial {
  TrialRecord trial;
  final RunningTrial run;
  final EpochJudge judge;
  final DeviceSlots.Slot slot;
  /** Its wall-time bound (null: none). */
  final Duration timeout;
  /** Its metric by epoch, finite values only. */
  final TreeMap<Integer, Double> history = new TreeMap<>();
  /**
   * The last epoch the store had when this orchestrator took the attempt up from an earlier one (none for an attempt
   * started here): its events come again from the start, and epochs up to this one are not recorded again.
   */
  int recordedThrough = Integer.MIN_VALUE;
  /** Its start-up, silence and wall-time bounds; null until it begins running (a queued trial has none). */
  Liveness liveness;
  boolean killed;
  /** Crashes and kills are retried; a diverged trial would diverge again. */
  boolean retryable = true;
  /** Why early stopping ended it. */
  String stopReason;
  /** Why the pruner ended it: it ends PRUNED. */
  String pruneReason;
  /** Why the orchestrator failed it (deadline, divergence). */
  String failure;
  /** The trial's last word ({@code finished} event): on a failure, its error, told even when its log is lost. */
  String finishedMessage;

  ActiveTrial(TrialRecord trial, RunningTrial run, EpochJudge judge, DeviceSlots.Slot slot, Duration timeout) {
    this.trial = trial;
    this.run = run;
    this.judge = judge;
    this.slot = slot;
    this.timeout = timeout;
  }

  /** Records an epoch's finite metric value; later epochs (from an attempt that ran past it) are forgotten. */
  void record(int epoch, double value) {
    history.put(epoch, value);
    history.tailMap(epoch, false).clear();
  }

  List<Double> values() {
    return new ArrayList<>(history.values());
  }

  /** Applies the judge's verdict. */
  void apply(EpochJudge.Verdict v) {
    switch (v.kind()) {
      case STOP -> stopReason = v.reason();
      case PRUNE -> pruneReason = v.reason();
      case DIVERGED -> {
        failure = v.reason();
        retryable = false;
      }
      case CONTINUE -> { }
    }
  }
}
