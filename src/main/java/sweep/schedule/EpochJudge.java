package sweep.schedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import sweep.prune.Curve;
import sweep.prune.EarlyStopping;
import sweep.prune.Pruner;

/**
 * Decides, at each reported epoch of a trial, whether it goes on: a pure function of what it is given (no store, no
 * process, no clock). In order: divergence (the sweep metric, or any metric named {@code *loss}, not finite) fails
 * the trial for good; otherwise, before its last epoch, early stopping (its own curve) ends it COMPLETE, and then
 * the pruner (its curve among all search trials') ends it PRUNED. A judge may also stop every trial after a fixed
 * number of epochs ({@code sweep reproduce}: a trial's curve up to where it was recorded, on the trial's own
 * schedule, which the epochs it is to run set).
 */
final class EpochJudge {
  /** What becomes of the trial after an epoch. */
  enum Kind {
    /** Keep training. */
    CONTINUE,
    /** Stop; the trial ends as it is (COMPLETE): early stopping. */
    STOP,
    /** Stop; the trial ends PRUNED. */
    PRUNE,
    /** Stop; the trial FAILED and would diverge again if retried. */
    DIVERGED
  }

  /** A verdict and its reason (null for {@link Kind#CONTINUE}). */
  record Verdict(Kind kind, String reason) {
    static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, null);

    boolean stops() {
      return kind != Kind.CONTINUE;
    }
  }

  private final String metric;
  private final EarlyStopping stopping;
  private final Pruner pruner;
  private final int stopAfter;

  /**
   * @param metric the sweep metric's name
   * @param stopping the trial's early stopping rule
   * @param pruner cross-trial pruning, or null (the retrain)
   */
  EpochJudge(String metric, EarlyStopping stopping, Pruner pruner) {
    this(metric, stopping, pruner, Integer.MAX_VALUE);
  }

  /** As {@link #EpochJudge(String, EarlyStopping, Pruner)}, stopping every trial after {@code stopAfter} epochs. */
  EpochJudge(String metric, EarlyStopping stopping, Pruner pruner, int stopAfter) {
    this.metric = metric;
    this.stopping = stopping;
    this.pruner = pruner;
    this.stopAfter = stopAfter;
  }

  /** Whether the judge prunes (and so needs the other trials' curves). */
  boolean prunes() {
    return pruner != null;
  }

  /**
   * @param number the trial's number (its curve among {@code curves})
   * @param epoch the epoch just reported (1-based)
   * @param epochs the epochs the trial is to run
   * @param metrics what the epoch reported
   * @param history the trial's metric values by epoch up to and including this one (finite values only)
   * @param curves every search trial's curve as recorded, this epoch included; asked only when pruning applies
   */
  Verdict judge(int number, int epoch, int epochs, Map<String, Double> metrics, List<Double> history,
      Supplier<List<Curve>> curves) {
    Double value = metrics.get(metric);
    if (value != null && !Double.isFinite(value)) {
      return new Verdict(Kind.DIVERGED, "diverged: " + metric + "=" + value + " at epoch " + epoch);
    }
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      if (m.getKey().endsWith("loss") && !Double.isFinite(m.getValue())) {
        return new Verdict(Kind.DIVERGED, "diverged: " + m.getKey() + "=" + m.getValue() + " at epoch " + epoch);
      }
    }
    if (epoch >= epochs) {
      return Verdict.CONTINUE;
    }
    if (epoch >= stopAfter) {
      return new Verdict(Kind.STOP, "stopped after " + stopAfter + " epoch" + (stopAfter == 1 ? "" : "s")
          + " as asked");
    }
    if (value == null) {
      return Verdict.CONTINUE;
    }
    Optional<String> why = stopping.check(history);
    if (why.isPresent()) {
      return new Verdict(Kind.STOP, why.get() + " at epoch " + epoch);
    }
    if (pruner != null) {
      List<Curve> all = curves.get();
      Optional<String> pruned = all.stream().filter(c -> c.number() == number).findFirst()
          .flatMap(own -> pruner.check(own, all));
      if (pruned.isPresent()) {
        return new Verdict(Kind.PRUNE, pruned.get());
      }
    }
    return Verdict.CONTINUE;
  }
}
