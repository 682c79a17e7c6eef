package sweep.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sweep.report.importance.FanovaEvaluator;
import sweep.report.importance.Importances;
import sweep.report.importance.ScoredTrial;
import sweep.search.SearchSpace;
import sweep.spec.Goal;
import sweep.spec.ParamSpec;
import sweep.store.DataSnapshot;
import sweep.store.EventRecord;
import sweep.store.Phase;
import sweep.store.PromotionRecord;
import sweep.store.Provenance;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/**
 * Builds the {@link SweepReport} of a sweep from the store: the trials and their curves (one query per phase), the
 * events (for retries, out-of-memory retries, kills and the attempts' slots), the data snapshot, the provenance of
 * the sweep's model and the promotions. A pure function of what the store holds and {@code now}.
 */
public final class ReportBuilder {
  private static final Pattern REASON_COUNT = Pattern.compile("(\\d+) ([a-z][a-z0-9_]*)");

  private ReportBuilder() {}

  public static SweepReport build(Store store, SweepRecord s, Instant now) {
    List<TrialRecord> records = store.trials(s.id());
    Map<Long, List<EventRecord>> events = events(store, s);
    List<Attempt> attempts = new ArrayList<>();
    for (TrialRecord t : records) {
      attempts.addAll(attempts(s, t, events.getOrDefault(t.id(), List.of()), now));
    }
    List<ParameterAxis> axes = parameters(s, records);
    return new SweepReport(summary(store, s), trials(store, s, records, events), history(s.goal(), records),
        axes, importance(s, axes, records), timeline(attempts),
        store.dataSnapshot(s.id()).map(ReportBuilder::data).orElse(null), provenance(store, s, records),
        promotions(store, s, records), now);
  }

  /** The sweep, its search trials counted by state (in SQL: a sweep may hold many thousands). */
  public static SweepSummary summary(Store store, SweepRecord s) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    store.trialCounts(s.id(), Phase.SEARCH).forEach((k, v) -> counts.put(k.name().toLowerCase(), v));
    return new SweepSummary(s.name(), s.state().name(), s.reason(), s.metric(), s.goal().word(), s.specFile(),
        s.specHash(), s.createdAt(), s.updatedAt(), counts);
  }

  /** The entries of {@code records} (trials of {@code s}) with their curves and marks. */
  public static List<TrialEntry> trials(Store store, SweepRecord s, List<TrialRecord> records) {
    return trials(store, s, records, events(store, s));
  }

  private static List<TrialEntry> trials(Store store, SweepRecord s, List<TrialRecord> records,
      Map<Long, List<EventRecord>> events) {
    Map<Long, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
    for (Phase phase : Phase.values()) {
      curves.putAll(store.metricCurves(s.id(), phase, s.metric()));
    }
    Map<Long, String> labels = labels(records);
    List<TrialEntry> out = new ArrayList<>();
    for (TrialRecord t : records) {
      out.add(entry(s, t, events.getOrDefault(t.id(), List.of()), curves.getOrDefault(t.id(), new TreeMap<>()),
          labels));
    }
    return out;
  }

  private static Map<Long, List<EventRecord>> events(Store store, SweepRecord s) {
    Map<Long, List<EventRecord>> events = new LinkedHashMap<>();
    for (EventRecord e : store.events(s.id())) {
      if (e.trialId() != null) {
        events.computeIfAbsent(e.trialId(), k -> new ArrayList<>()).add(e);
      }
    }
    return events;
  }

  private static Map<Long, String> labels(List<TrialRecord> records) {
    Map<Long, String> labels = new LinkedHashMap<>();
    records.forEach(t -> labels.put(t.id(), t.label()));
    return labels;
  }

  /** Whether {@code t} was cut short: stored as RUNNING while its sweep is not running (interrupted, failed). */
  public static boolean interrupted(SweepRecord s, TrialRecord t) {
    return t.state() == TrialState.RUNNING && s.state() != SweepState.RUNNING;
  }

  /** The state a person is shown: INTERRUPTED for an {@link #interrupted} trial, else the stored state. */
  public static String shownState(SweepRecord s, TrialRecord t) {
    return interrupted(s, t) ? "INTERRUPTED" : t.state().name();
  }

  private static TrialEntry entry(SweepRecord s, TrialRecord t, List<EventRecord> events,
      SortedMap<Integer, Double> curve, Map<Long, String> labels) {
    boolean interrupted = interrupted(s, t);
    Set<String> marks = new LinkedHashSet<>();
    if (t.state() == TrialState.PRUNED) {
      marks.add("pruned");
    }
    if (t.state() == TrialState.COMPLETE && t.lastEpoch() != null && t.lastEpoch() < t.epochs()) {
      marks.add("early-stopped");
    }
    if (t.state() == TrialState.FAILED) {
      marks.add("failed");
    }
    for (EventRecord e : events) {
      switch (e.type()) {
        case "requeued" -> marks.add(outOfMemory(e.message()) ? "out-of-memory" : "retried");
        case "killed" -> {
          if (hung(e.message())) {
            marks.add("heartbeat-killed");
          }
        }
        default -> { }
      }
    }
    if (marks.contains("out-of-memory")) {
      marks.add("retried");
    }
    if (interrupted) {
      marks.add("interrupted");
    }
    List<CurvePoint> points = new ArrayList<>();
    curve.forEach((epoch, v) -> points.add(new CurvePoint(epoch, v != null && Double.isFinite(v) ? v : null)));
    return new TrialEntry(t.id(), t.number(), t.phase().word(), t.label(), t.state().name(),
        shownState(s, t), t.reason(), t.params(), t.seed(), t.epochs(), t.lastEpoch(),
        t.bestEpoch(), t.bestValue(), t.attempts(), t.sourceTrialId() == null ? null : labels.get(t.sourceTrialId()),
        t.trialDir(), t.startedAt(), t.endedAt(), marks, points);
  }

  private static boolean outOfMemory(String message) {
    return message != null && message.toLowerCase().contains("out of memory");
  }

  private static boolean hung(String message) {
    return message != null && (message.contains("heartbeat_timeout") || message.contains("startup_timeout"));
  }

  /** An attempt as its events tell it: which device, from when to when, how it ended. */
  private record Attempt(String device, Timeline.Span span) {}

  private static List<Attempt> attempts(SweepRecord s, TrialRecord t, List<EventRecord> events, Instant now) {
    List<Attempt> out = new ArrayList<>();
    EventRecord started = null;
    boolean hung = false;
    int attempt = 0;
    for (EventRecord e : events) {
      String outcome = switch (e.type()) {
        case "requeued" -> outOfMemory(e.message()) ? "out-of-memory" : hung ? "heartbeat-killed" : "retried";
        case "complete", "pruned" -> e.type();
        case "failed" -> hung ? "heartbeat-killed" : "failed";
        default -> null;
      };
      if (e.type().equals("started")) {
        started = e;
        hung = false;
        attempt++;
      } else if (e.type().equals("killed")) {
        hung |= hung(e.message());
      } else if (outcome != null && started != null) {
        boolean last = List.of("complete", "pruned", "failed").contains(e.type());
        out.add(attempt(t, started, attempt, e.at(), outcome, last ? null : e.message()));
        started = null;
      }
    }
    if (started != null) {
      boolean running = s.state() == SweepState.RUNNING;
      out.add(attempt(t, started, attempt, running ? now : s.updatedAt(), running ? "running" : "interrupted",
          running ? null : s.reason()));
    }
    return out;
  }

  private static Attempt attempt(TrialRecord t, EventRecord started, int number, Instant end, String outcome,
      String note) {
    String device = device(started.message());
    Instant stop = end.isBefore(started.at()) ? started.at() : end;
    return new Attempt(device, new Timeline.Span(t.label(), t.phase().word(), number, started.at(), stop, outcome,
        note));
  }

  /**
   * The slot's device a {@code started} event names: its message is the attempt's location, then {@code on} and the
   * slot ({@code pid 4711 on cpu, effective batch 32}, {@code ... on gpu 0,1}).
   */
  static String device(String started) {
    String head = started == null ? "" : started.split(", ", 2)[0];
    int on = head.lastIndexOf(" on ");
    return on < 0 ? "slot" : head.substring(on + 4).trim();
  }

  /** Attempts on lanes: per device, each attempt on the first lane free when it starts. */
  static Timeline timeline(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return new Timeline(null, null, List.of());
    }
    List<Attempt> sorted = new ArrayList<>(attempts);
    sorted.sort(java.util.Comparator.comparing((Attempt a) -> a.span().start()));
    Instant start = sorted.get(0).span().start();
    Instant end = sorted.stream().map(a -> a.span().end()).max(Instant::compareTo).orElse(start);
    Map<String, List<List<Timeline.Span>>> byDevice = new TreeMap<>();
    for (Attempt a : sorted) {
      List<List<Timeline.Span>> lanes = byDevice.computeIfAbsent(a.device(), k -> new ArrayList<>());
      List<Timeline.Span> free = null;
      for (List<Timeline.Span> lane : lanes) {
        if (!lane.get(lane.size() - 1).end().isAfter(a.span().start())) {
          free = lane;
          break;
        }
      }
      if (free == null) {
        free = new ArrayList<>();
        lanes.add(free);
      }
      free.add(a.span());
    }
    double total = Math.max(1, Duration.between(start, end).toMillis());
    List<Timeline.Lane> lanes = new ArrayList<>();
    byDevice.forEach((device, list) -> {
      for (int i = 0; i < list.size(); i++) {
        long busy = list.get(i).stream().mapToLong(sp -> Duration.between(sp.start(), sp.end()).toMillis()).sum();
        lanes.add(new Timeline.Lane(device + " #" + (i + 1), device, busy / total, list.get(i)));
      }
    });
    return new Timeline(start, end, lanes);
  }

  static List<HistoryPoint> history(Goal goal, List<TrialRecord> trials) {
    List<HistoryPoint> out = new ArrayList<>();
    Double best = null;
    for (TrialRecord t : trials) {
      if (t.phase() != Phase.SEARCH || !t.state().finished() || t.bestValue() == null
          || !Double.isFinite(t.bestValue())) {
        continue;
      }
      double v = t.bestValue();
      best = best == null || goal.better(v, best) ? v : best;
      out.add(new HistoryPoint(t.number(), t.label(), t.state().name(), v, best));
    }
    return out;
  }

  /** The parameters whose values differ between search trials; log scale where the spec draws them so. */
  static List<ParameterAxis> parameters(SweepRecord s, List<TrialRecord> trials) {
    Map<String, Set<Object>> values = new TreeMap<>();
    for (TrialRecord t : trials) {
      if (t.phase() == Phase.SEARCH) {
        t.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
      }
    }
    JsonNode spec = s.specJson() == null ? null : Json.tree(s.specJson()).path("parameters");
    List<ParameterAxis> out = new ArrayList<>();
    values.forEach((name, seen) -> {
      if (seen.size() < 2) {
        return;
      }
      boolean numeric = seen.stream().allMatch(v -> v instanceof Number);
      JsonNode p = spec == null ? null : spec.path(name);
      boolean listed = p != null && p.has("values");
      if (numeric && !listed) {
        double min = seen.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(0);
        double max = seen.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(0);
        boolean log = p != null && p.path("distribution").asText("").contains("log") && min > 0;
        out.add(new ParameterAxis(name, log ? "log" : "linear", min, max, List.of()));
      } else {
        List<Object> sorted = new ArrayList<>(seen);
        if (numeric) {
          sorted.sort(java.util.Comparator.comparingDouble(v -> ((Number) v).doubleValue()));
        }
        out.add(new ParameterAxis(name, "category", null, null, sorted.stream().map(ReportBuilder::text).toList()));
      }
    });
    return out;
  }

  /**
   * Each searched parameter's importance by fANOVA ({@link FanovaEvaluator}, as Optuna's default evaluator) over the
   * completed search trials, most important first; empty while fewer than two trials complete or nothing varies.
   * The domain of a numeric parameter is the spec's {@code min}..{@code max} where the spec gives them (Optuna's
   * distribution bounds), else the values seen; a categorical one's the values seen.
   */
  static List<ParameterImportance> importance(SweepRecord s, List<ParameterAxis> axes, List<TrialRecord> trials) {
    JsonNode spec = s.specJson() == null ? null : Json.tree(s.specJson()).path("parameters");
    Map<String, ParamSpec> space = new LinkedHashMap<>();
    for (ParameterAxis a : axes) {
      if (a.categorical()) {
        Set<Object> seen = new LinkedHashSet<>();
        for (TrialRecord t : trials) {
          if (t.phase() == Phase.SEARCH && t.params().containsKey(a.name())) {
            seen.add(t.params().get(a.name()));
          }
        }
        space.put(a.name(), new ParamSpec.Categorical(List.copyOf(seen)));
      } else {
        JsonNode p = spec == null ? null : spec.path(a.name());
        double min = p != null && p.path("min").isNumber() ? Math.min(p.path("min").asDouble(), a.min()) : a.min();
        double max = p != null && p.path("max").isNumber() ? Math.max(p.path("max").asDouble(), a.max()) : a.max();
        space.put(a.name(), "log".equals(a.scale()) && min > 0 ? new ParamSpec.LogUniform(min, max)
            : new ParamSpec.Uniform(min, max));
      }
    }
    Importances r = new FanovaEvaluator().evaluate(new SearchSpace(space, List.of()), ScoredTrial.completed(trials));
    return r.assessed() ? r.ranked().stream().map(p -> new ParameterImportance(p.name(), p.importance())).toList()
        : List.of();
  }

  /** A categorical value as the charts name it: whole numbers without {@code .0}. */
  public static String text(Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return Long.toString(n.longValue());
    }
    return String.valueOf(v);
  }

  /** The snapshot with its bad rows counted by reason, read from its summary. */
  public static DataSummary data(DataSnapshot d) {
    Map<String, Long> byReason = new LinkedHashMap<>();
    String counted = d.badRows().split(", e\\.g\\. ", 2)[0];
    Matcher m = REASON_COUNT.matcher(counted);
    while (m.find()) {
      if (!m.group(2).equals("bad")) {
        byReason.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
      }
    }
    return new DataSummary(d.source(), d.path(), d.items(), d.lines(), byReason, d.badRows(), d.dataHash(), d.at());
  }

  private static ProvenanceSummary provenance(Store store, SweepRecord s, List<TrialRecord> trials) {
    List<Long> candidates = new ArrayList<>();
    if (s.bestTrialId() != null) {
      candidates.add(s.bestTrialId());
    }
    store.bestTrial(s.id(), Phase.SEARCH).ifPresent(t -> candidates.add(t.id()));
    trials.forEach(t -> candidates.add(t.id()));
    for (Long id : candidates) {
      Optional<Provenance> p = store.provenance(id);
      if (p.isPresent()) {
        Provenance v = p.get();
        String label = trials.stream().filter(t -> t.id() == id).map(TrialRecord::label).findFirst().orElse("?");
        return new ProvenanceSummary(label, v.specHash(), v.seed(), v.dataHash(), v.gitCommit(), v.sweepVersion(),
            v.javaVersion(), v.os(), v.libraries());
      }
    }
    return null;
  }

  private static List<PromotionEntry> promotions(Store store, SweepRecord s, List<TrialRecord> records) {
    Map<Long, String> labels = labels(records);
    List<PromotionEntry> out = new ArrayList<>();
    for (PromotionRecord p : store.promotions(s.id())) {
      out.add(new PromotionEntry(p.at(), labels.getOrDefault(p.trialId(), "?"), p.promoted(), p.value(),
          p.previousValue(), p.version(), p.message()));
    }
    return out;
  }
}
