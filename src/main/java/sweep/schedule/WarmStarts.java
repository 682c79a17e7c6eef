package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import sweep.prune.Curve;
import sweep.prune.EarlierTrials;
import sweep.search.Observation;
import sweep.spec.SpaceMembership;
import sweep.spec.SweepSpec;
import sweep.spec.WarmStart;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * Resolves a spec's {@code warm_start} when a sweep starts (and again, the same way, when it resumes): which
 * earlier sweeps, and which of their finished search trials fall inside tonight's search space. {@code previous}
 * is the latest sweep created before tonight's whose spec has the same {@code name:} (as its recorded spec says)
 * and that has at least one complete search trial; none is a cold start, with a log line. A sweep named outright
 * that does not exist is bad input. An earlier sweep scored by another metric or goal is left out with a log line;
 * trials outside tonight's ranges are dropped and counted, never an error. What was used is recorded once, as the
 * sweep's {@value #EVENT} event (JSON: {@code from}, {@code weight}, {@code used}, {@code dropped}, {@code sweeps}).
 */
final class WarmStarts {
  static final String EVENT = "warm_start";

  private WarmStarts() {}

  static EarlierTrials resolve(SweepSpec spec, Store store, SweepRecord tonight, Consumer<String> log) {
    WarmStart w = spec.warmStart();
    if (!w.enabled()) {
      return EarlierTrials.NONE;
    }
    List<SweepRecord> sources = sources(w, spec, store, tonight);
    if (sources.isEmpty()) {
      log.accept("warm start: no earlier sweep of '" + specName(tonight) + "' with a complete trial; starting cold");
      record(store, tonight, w, List.of(), 0, 0);
      return EarlierTrials.NONE;
    }
    List<Observation> observations = new ArrayList<>();
    List<Curve> curves = new ArrayList<>();
    List<ObjectNode> perSweep = new ArrayList<>();
    int used = 0;
    int dropped = 0;
    List<TrialRecord> kept = new ArrayList<>();
    List<SortedMap<Integer, Double>> keptCurves = new ArrayList<>();
    for (SweepRecord s : sources) {
      ObjectNode o = Json.mapper().createObjectNode().put("name", s.name());
      if (!s.metric().equals(spec.metric().name()) || s.goal() != spec.metric().goal()) {
        log.accept("warm start: " + s.name() + " is scored by " + s.metric() + " (" + s.goal().word()
            + "), not " + spec.metric().name() + " (" + spec.metric().goal().word() + "); left out");
        perSweep.add(o.put("used", 0).put("dropped", 0).put("left_out", "another metric"));
        continue;
      }
      Map<Long, SortedMap<Integer, Double>> values = store.metricCurves(s.id(), Phase.SEARCH, s.metric());
      int sweepUsed = 0;
      int sweepDropped = 0;
      String example = null;
      for (TrialRecord t : store.trials(s.id())) {
        if (t.phase() != Phase.SEARCH || t.bestValue() == null
            || (t.state() != TrialState.COMPLETE && t.state() != TrialState.PRUNED)) {
          continue;
        }
        String outside = SpaceMembership.firstOutside(spec.parameters(), t.params());
        if (outside != null) {
          sweepDropped++;
          example = example == null ? outside : example;
          continue;
        }
        kept.add(t);
        keptCurves.add(values.getOrDefault(t.id(), new TreeMap<>()));
        sweepUsed++;
      }
      log.accept("warm start: " + sweepUsed + " trial(s) of " + s.name() + " used at weight " + w.weight()
          + (sweepDropped == 0 ? "" : ", " + sweepDropped + " dropped as outside tonight's search space (e.g. "
          + example + ")"));
      perSweep.add(o.put("used", sweepUsed).put("dropped", sweepDropped));
      used += sweepUsed;
      dropped += sweepDropped;
    }
    for (int i = 0; i < kept.size(); i++) {
      TrialRecord t = kept.get(i);
      int number = i - kept.size();
      Observation.State state = t.state() == TrialState.COMPLETE ? Observation.State.COMPLETE
          : Observation.State.PRUNED;
      observations.add(new Observation(number, t.params(), state, t.bestValue(),
          t.lastEpoch() == null ? 0 : t.lastEpoch(), w.weight()));
      curves.add(Curve.of(number, t.state() == TrialState.COMPLETE, keptCurves.get(i)));
    }
    record(store, tonight, w, perSweep, used, dropped);
    return new EarlierTrials(observations, curves);
  }

  /** The sweeps to learn from, oldest first. */
  private static List<SweepRecord> sources(WarmStart w, SweepSpec spec, Store store, SweepRecord tonight) {
    if (w.previous()) {
      String name = specName(tonight);
      return store.sweeps().stream()
          .filter(s -> s.id() < tonight.id() && name.equals(specName(s)))
          .filter(s -> store.trials(s.id()).stream()
              .anyMatch(t -> t.phase() == Phase.SEARCH && t.state() == TrialState.COMPLETE))
          .max(Comparator.comparingLong(SweepRecord::id))
          .map(List::of).orElse(List.of());
    }
    List<SweepRecord> out = new ArrayList<>();
    for (String name : w.from()) {
      Optional<SweepRecord> s = store.sweep(name);
      if (s.isEmpty()) {
        throw new BadInputException("warm_start: no sweep named '" + name + "' in " + store.describe());
      }
      if (s.get().id() == tonight.id()) {
        throw new BadInputException("warm_start: '" + name + "' is this sweep itself");
      }
      out.add(s.get());
    }
    out.sort(Comparator.comparingLong(SweepRecord::id));
    return out;
  }

  /** The {@code name:} of the spec a sweep ran (its recorded spec's), or its own name where that is not known. */
  static String specName(SweepRecord s) {
    if (s.specJson() != null) {
      try {
        JsonNode n = Json.tree(s.specJson()).path("name");
        if (n.isTextual()) {
          return n.asText();
        }
      } catch (RuntimeException e) {
        // an unreadable recorded spec: fall back on the sweep's name
      }
    }
    return s.name();
  }

  private static void record(Store store, SweepRecord tonight, WarmStart w, List<ObjectNode> perSweep, int used,
      int dropped) {
    if (!store.events(tonight.id(), EVENT).isEmpty()) {
      return;
    }
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode from = o.putArray("from");
    w.from().forEach(from::add);
    o.put("weight", w.weight()).put("used", used).put("dropped", dropped);
    o.putArray("sweeps").addAll(perSweep);
    store.recordEvent(tonight.id(), null, EVENT, Json.write(o));
  }
}
