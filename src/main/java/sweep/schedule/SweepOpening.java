package sweep.schedule;

import sweep.search.Draws;
import sweep.spec.SweepSpec;
import sweep.store.NewSweep;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.util.BadInputException;

/**
 * A sweep's record, opened for a run: a new one for a new name; with {@code resume}, the existing one, if it was
 * started with the same spec and the same random-draw scheme (one sweep never mixes two).
 */
final class SweepOpening {
  private SweepOpening() {}

  /** @throws BadInputException when the name is taken without {@code resume}, or the sweep cannot be resumed */
  static SweepRecord open(Store store, SweepSpec spec, boolean resume) {
    java.util.Optional<SweepRecord> existing = store.sweep(spec.name());
    if (existing.isEmpty()) {
      SweepRecord s = store.createSweep(new NewSweep(spec.name(), spec.file(), spec.hash(), spec.canonicalJson(),
          spec.metric().name(), spec.metric().goal(), Draws.VERSION, definition(spec)));
      store.recordEvent(s.id(), null, "created", "spec " + spec.file() + " hash " + spec.hash());
      return s;
    }
    SweepRecord s = existing.get();
    if (!resume) {
      throw new BadInputException("a sweep named '" + spec.name() + "' already exists; add --resume to carry it"
          + " on, or --name to start another");
    }
    if (s.drawsVersion() != Draws.VERSION) {
      throw new BadInputException("sweep '" + spec.name() + "' was started with random-draw scheme "
          + s.drawsVersion() + " and this release draws with scheme " + Draws.VERSION + " (independent draws);"
          + " one sweep does not mix the two: start a new one with --name");
    }
    if (!s.specHash().equals(spec.hash())) {
      throw new BadInputException("the spec changed since sweep '" + spec.name() + "' started (hash "
          + s.specHash().substring(0, 12) + " then, " + spec.hash().substring(0, 12) + " now); resume it with"
          + " the same spec and environment, or start another with --name");
    }
    store.recordEvent(s.id(), null, "resumed", "resumed by pid " + ProcessHandle.current().pid());
    if (s.metricDefinition() == null) { // started by an earlier release: same spec, so the same definition
      store.setMetricDefinition(s.id(), definition(spec));
      s = store.sweep(spec.name()).orElseThrow();
    }
    return s;
  }

  private static String definition(SweepSpec spec) {
    return sweep.util.Json.write(spec.metric().definition().toJson());
  }
}
