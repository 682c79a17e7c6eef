package sweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.report.LogLines;
import sweep.report.Tables;
import sweep.schedule.Replay;
import sweep.schedule.RunLock;
import sweep.schedule.SweepRunner;
import sweep.spec.SweepSpec;
import sweep.store.DataSnapshot;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.Provenance;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.train.TaskType;
import sweep.util.BadInputException;
import sweep.util.Json;
import sweep.util.Secrets;

/**
 * {@code sweep reproduce TRIAL}: runs one recorded trial again from its provenance (parameters, seed, the recorded
 * data, as many CPU threads) as a new sweep, {@code <sweep>-reproduce-<trial>-N}, and says whether it reproduced the
 * recorded curve (within the task's {@link TaskType#reproductionTolerance}) and what differs in its provenance.
 * Exit 0 when it reproduced, 1 when not (or the rerun failed), 2 for bad input.
 */
@Command(name = "reproduce", description = "Run a recorded trial again from its provenance and compare its curve.")
final class ReproduceCommand implements Callable<Integer> {
  /** {@code [SWEEP/]7}, {@code #7}, {@code trial-0007} or {@code retrain}. */
  private static final Pattern TRIAL = Pattern.compile("(?:([A-Za-z0-9._-]+)/)?(?:#?(\\d{1,9})|trial-(\\d{1,9})|(retrain))");

  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;
  @Mixin DbOption db;

  @Parameters(index = "0", paramLabel = "TRIAL", description = "the trial as `sweep trials` names it: 7 (or #7,"
      + " trial-0007) or retrain, of the most recent sweep (reproductions aside), or SWEEP/7 of another")
  String trialArg;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs to run and compare (default: those the trial"
      + " recorded; at most its budget, whose schedule it follows)")
  Integer epochs;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Context context = parent.context;
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Matcher m = TRIAL.matcher(trialArg);
    if (!m.matches()) {
      throw new BadInputException("TRIAL '" + trialArg + "' names no trial: give its number (7, #7 or trial-0007)"
          + " or retrain, as `sweep trials` lists them, optionally as SWEEP/7");
    }
    if (!Files.exists(db.db)) {
      throw new BadInputException("no database at " + db.db);
    }
    try (RunLock lock = RunLock.acquire(db.db);
         Store store = SqliteStore.openExisting(db.db, context.clock())) {
      SweepRecord s = m.group(1) != null ? SweepArgument.resolve(store, m.group(1)) : latestOriginal(store);
      TrialRecord t = trial(store, s, m);
      String metric = s.metric();
      SortedMap<Integer, Double> recorded = curve(store, t, metric);
      if (recorded.isEmpty()) {
        throw new BadInputException("trial " + t.label() + " of sweep '" + s.name() + "' recorded no epoch of "
            + metric + ": there is no curve to reproduce");
      }
      int n = epochs != null ? epochs : recorded.lastKey();
      if (n < 1 || n > t.epochs()) {
        throw new BadInputException("--epochs must be between 1 and " + t.epochs() + ", the epochs trial "
            + t.label() + " was to run (its schedule depends on them), got " + n);
      }
      Provenance was = store.provenance(t.id()).orElseThrow(() -> new BadInputException("trial " + t.label()
          + " of sweep '" + s.name() + "' has no recorded provenance (it never started)"));
      Path specFile = Path.of(s.specFile());
      if (!Files.isRegularFile(specFile)) {
        throw new BadInputException("the spec " + specFile + " that sweep '" + s.name() + "' ran with is gone;"
            + " put it back there to reproduce its trials");
      }
      String name = freeName(store, s.name() + "-reproduce-" + (t.phase() == Phase.RETRAIN ? "retrain"
          : Integer.toString(t.number())));
      SweepSpec spec = Specs.load(context, specFile, name);
      TaskType task = Specs.task(spec);
      Optional<DataSnapshot> data = store.dataSnapshot(s.id());
      if (data.isPresent() && data.get().path() != null && !Files.exists(Path.of(data.get().path()))) {
        throw new BadInputException("the data snapshot " + data.get().path() + " that trial " + t.label()
            + " trained on is gone; copy it back from the artifact store (runs/" + s.name() + "/data/) and retry");
      }
      String origin = "trial " + t.label() + " of sweep '" + s.name() + "' (" + db.db + ")";
      Replay replay = new Replay(params(was, spec), was.seed(), t.epochs(), n, was.cpuThreads(),
          taskConfig(s, spec, data), was.dataHash() != null ? was.dataHash() : data.map(DataSnapshot::dataHash)
          .orElse(null), origin);
      err.println("sweep: reproducing " + origin + " as sweep '" + name + "': " + n + " epoch(s)"
          + (was.cpuThreads() != null ? " on " + was.cpuThreads() + " CPU thread(s)" : ""));
      SweepRunner.Outcome outcome;
      try (sweep.artifact.ArtifactStore artifacts = context.artifacts(spec.artifacts());
           LogLines progress = new LogLines(err, context.clock(), metric, s.goal())) {
        SweepRunner runner = new SweepRunner(spec, task, store, progress, sweep.schedule.Backends.forSpec(spec,
            context.env()), artifacts, context.env()).replaying(replay);
        outcome = SignalStop.run(runner, false, () -> {
          err.println("sweep: reproduction '" + name + "' interrupted; nothing was compared: run sweep reproduce"
              + " again");
          err.flush();
        });
      }
      if (outcome.exitCode() == SweepRunner.INTERRUPTED) {
        return outcome.exitCode(); // the signal's handler said so
      }
      SweepRecord again = store.sweep(name).orElseThrow();
      TrialRecord rerun = store.trials(again.id()).stream().filter(r -> r.phase() == Phase.SEARCH).findFirst()
          .orElse(null);
      Reproduction result = Reproduction.of(metric, task.reproductionTolerance(), recorded,
          rerun == null ? new TreeMap<>() : curve(store, rerun, metric), n, was,
          rerun == null ? null : store.provenance(rerun.id()).orElse(null));
      store.recordEvent(again.id(), rerun == null ? null : rerun.id(), "reproduced", result.verdictLine());
      if (json) {
        out.println(Json.pretty(view(s, t, again, rerun, result, outcome)));
      } else {
        print(out, s, t, again, result, outcome);
      }
      return result.reproduced() && outcome.exitCode() == Main.OK ? Main.OK : Main.FAILED;
    }
  }

  /**
   * The most recent sweep that is not itself a reproduction, so that reproducing several trials of a sweep one after
   * the other needs no SWEEP.
   */
  private static SweepRecord latestOriginal(Store store) {
    List<SweepRecord> sweeps = new ArrayList<>(store.sweeps());
    java.util.Collections.reverse(sweeps);
    return sweeps.stream().filter(s -> store.events(s.id()).stream().noneMatch(e -> e.type().equals(Replay.EVENT)))
        .findFirst().orElseThrow(() -> new BadInputException("the database holds no sweep to reproduce a trial of"));
  }

  /** The trial {@code m} names in {@code s}. */
  private static TrialRecord trial(Store store, SweepRecord s, Matcher m) {
    List<TrialRecord> trials = store.trials(s.id());
    Optional<TrialRecord> found;
    if (m.group(4) != null) { // the last retrain: the one the sweep published from, when it published one
      found = trials.stream().filter(t -> t.phase() == Phase.RETRAIN).reduce((a, b) -> b);
    } else {
      int number = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
      found = trials.stream().filter(t -> t.phase() == Phase.SEARCH && t.number() == number).findFirst();
    }
    return found.orElseThrow(() -> new BadInputException("sweep '" + s.name() + "' has no trial "
        + (m.group(4) != null ? "retrain" : "#" + (m.group(2) != null ? m.group(2) : m.group(3))) + " (it has "
        + (trials.isEmpty() ? "none" : String.join(", ", trials.stream().map(TrialRecord::label).toList())) + ")"));
  }

  /** The trial's recorded values of {@code metric} by epoch. */
  private static SortedMap<Integer, Double> curve(Store store, TrialRecord t, String metric) {
    SortedMap<Integer, Double> out = new TreeMap<>();
    for (EpochRecord e : store.epochs(t.id())) {
      Double v = e.metrics().get(metric);
      if (v != null) {
        out.put(e.epoch(), v);
      }
    }
    return out;
  }

  /**
   * The recorded parameters; a constant whose value was a secret is stored masked, and is given the spec's value
   * (the environment's now) again.
   */
  private static Map<String, Object> params(Provenance was, SweepSpec spec) {
    Map<String, Object> params = new LinkedHashMap<>(was.params());
    params.replaceAll((k, v) -> Secrets.MASK.equals(v) && spec.parameters().get(k)
        instanceof sweep.spec.ParamSpec.Constant c ? c.value() : v);
    return params;
  }

  /** {@code base-1}, or the first of {@code base-2}, ... that no sweep of the database has. */
  private static String freeName(Store store, String base) {
    for (int i = 1; ; i++) {
      String name = base + "-" + i;
      if (store.sweep(name).isEmpty()) {
        return name;
      }
    }
  }

  /**
   * The task configuration the trial ran with: the recorded data snapshot's (so the rerun reads the recorded data),
   * else the one the database recorded with the spec, else (when that one had a secret masked in it) the spec's
   * as it reads now.
   */
  private static JsonNode taskConfig(SweepRecord s, SweepSpec spec, Optional<DataSnapshot> data) {
    if (data.isPresent()) {
      return Json.tree(data.get().taskConfig());
    }
    JsonNode recorded = Json.tree(s.specJson()).get("task_config");
    return recorded != null && !Json.write(recorded).contains(Secrets.MASK) ? recorded : spec.taskConfig();
  }

  private static Map<String, Object> view(SweepRecord s, TrialRecord t, SweepRecord again, TrialRecord rerun,
      Reproduction r, SweepRunner.Outcome outcome) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sweep", s.name());
    m.put("trial", t.number());
    m.put("phase", t.phase().word());
    m.put("reproduction_sweep", again.name());
    m.put("reproduction_trial", rerun == null ? null : rerun.number());
    m.put("reproduction_state", rerun == null ? null : rerun.state().name());
    m.put("metric", r.metric());
    m.put("epochs", r.rows().stream().map(row -> entries("epoch", row.epoch(), "recorded", row.recorded(),
        "reproduced", row.reproduced(), "difference", row.difference())).toList());
    m.put("max_difference", r.maxDifference());
    m.put("tolerance", r.tolerance());
    m.put("verdict", r.verdict());
    m.put("reproduced", r.reproduced() && outcome.exitCode() == Main.OK);
    m.put("differences", r.differences().stream().map(d -> entries("field", d.field(), "recorded", d.recorded(),
        "reproduced", d.reproduced())).toList());
    m.put("run", outcome.summary());
    return m;
  }

  /** An object of the JSON output: keys and values in turn, in this order. */
  private static Map<String, Object> entries(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static void print(PrintWriter out, SweepRecord s, TrialRecord t, SweepRecord again, Reproduction r,
      SweepRunner.Outcome outcome) {
    out.println("trial " + t.label() + " of sweep '" + s.name() + "' run again as sweep '" + again.name() + "'");
    if (outcome.exitCode() != Main.OK) {
      out.println(outcome.summary());
    }
    List<List<String>> rows = new ArrayList<>();
    for (Reproduction.Row row : r.rows()) {
      rows.add(List.of(Integer.toString(row.epoch()), exact(row.recorded()), exact(row.reproduced()),
          exact(row.difference())));
    }
    out.print(Tables.render(List.of("epoch", "recorded " + r.metric(), "reproduced", "difference"), rows));
    out.println(r.verdictLine());
    if (r.differences().isEmpty()) {
      out.println("provenance: the same git commit, data, threads and sweep, Java and library versions");
    } else {
      for (Reproduction.Difference d : r.differences()) {
        out.println("differs: " + d.field() + " " + d.recorded() + " recorded, " + d.reproduced() + " now");
      }
    }
  }

  /** Every digit of {@code v} (Java's shortest round-trip form), so equal-looking numbers are equal. */
  private static String exact(Double v) {
    return v == null ? "-" : v.toString();
  }
}
