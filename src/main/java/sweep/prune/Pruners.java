package sweep.prune;

import java.util.Optional;
import sweep.spec.EarlyTerminate;
import sweep.spec.SweepSpec;

/** Creates the pruner a spec's {@code early_terminate} names, if any. */
public final class Pruners {
  private Pruners() {}

  public static Optional<Pruner> forSpec(SweepSpec spec) {
    EarlyTerminate et = spec.earlyTerminate();
    if (et instanceof EarlyTerminate.Hyperband h) {
      return Optional.of(new HyperbandPruner(spec.metric().goal(), h, spec.trial().epochs(), spec.seed()));
    }
    if (et instanceof EarlyTerminate.Median m) {
      return Optional.of(new MedianPruner(spec.metric().goal(), m.warmupEpochs(), m.minTrials(), m.startupTrials()));
    }
    return Optional.empty();
  }
}
