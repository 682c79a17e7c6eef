package sweep.cli;

import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.util.BadInputException;

/** The optional SWEEP argument of read commands: a sweep's name, or the most recent sweep. */
final class SweepArgument {
  static final String DESCRIPTION = "sweep name (default: the most recent sweep in the database)";

  private SweepArgument() {}

  /** The sweep named {@code name}, or the most recent one when {@code name} is null. */
  static SweepRecord resolve(Store store, String name) {
    if (name == null) {
      return store.latestSweep().orElseThrow(() -> new BadInputException("the database holds no sweep yet"));
    }
    return store.sweep(name).orElseThrow(() -> new BadInputException("no sweep named '" + name + "'"
        + suggestion(store, name)));
  }

  private static String suggestion(Store store, String name) {
    var names = store.sweeps().stream().map(SweepRecord::name).toList();
    return names.isEmpty() ? "" : sweep.spec.SpecNode.suggestion(name, names);
  }
}
