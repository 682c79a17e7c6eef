package sweep.cli;

import picocli.CommandLine.Parameters;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.util.BadInputException;

/** The optional SWEEP argument of read commands: a sweep's name, or the most recent sweep. */
final class SweepArgument {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP",
      description = "sweep name (default: the most recent sweep in the database)")
  String name;

  SweepRecord resolve(Store store) {
    if (name == null) {
      return store.latestSweep().orElseThrow(() -> new BadInputException("the database holds no sweep yet"));
    }
    return store.sweep(name).orElseThrow(() -> new BadInputException("no sweep named '" + name + "'"
        + suggestion(store)));
  }

  private String suggestion(Store store) {
    var names = store.sweeps().stream().map(SweepRecord::name).toList();
    return names.isEmpty() ? "" : sweep.spec.SpecNode.suggestion(name, names);
  }
}
