package sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.report.LinesAbove;
import sweep.report.LiveTable;
import sweep.report.LogLines;
import sweep.report.Progress;
import sweep.report.SystemTerminal;
import sweep.schedule.RunLock;
import sweep.schedule.SweepRunner;
import sweep.spec.SweepSpec;
import sweep.spec.WarmStart;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.util.BadInputException;

/** {@code sweep run SPEC}: search, retrain the best, publish its checkpoint; {@code --resume} carries on a sweep. */
@Command(name = "run", description = "Run a sweep: search, retrain the best parameters, publish the best checkpoint.")
final class RunCommand implements Callable<Integer> {
  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;
  @Mixin DbOption db;

  @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
  Path specFile;

  @Option(names = "--resume", description = "carry on the sweep of this name if it exists (start it otherwise)")
  boolean resume;

  @Option(names = "--name", paramLabel = "NAME", description = "the sweep's name (default: the spec's name)")
  String name;

  @Option(names = "--count", paramLabel = "N", description = "run at most N search trials, as W&B's agent --count"
      + " (default: run_cap)")
  Integer count;

  @Option(names = "--warm-start", paramLabel = "FROM", description = "learn from earlier sweeps: 'previous' (the"
      + " latest of this spec's name with a complete trial) or sweep names separated by commas; overrides the spec's"
      + " warm_start.from, keeping its weight (default " + WarmStart.DEFAULT_WEIGHT + ")")
  String warmStart;

  @Option(names = "--dry-run", description = "validate the spec and show the first trials; run nothing")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    Context context = parent.context;
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    SweepSpec loaded = Specs.load(context, specFile, name);
    SweepSpec spec = count == null ? loaded : loaded.withRunCap(Math.max(1, Math.min(loaded.runCap(), count)));
    if (warmStart != null) {
      List<String> from = Arrays.stream(warmStart.split(",", -1)).map(String::strip).toList();
      String problem = WarmStart.problem(from);
      if (problem != null) {
        throw new BadInputException("--warm-start '" + warmStart + "': " + problem);
      }
      spec = spec.withWarmStart(spec.warmStart().from(from));
    }
    if (dryRun) {
      out.println("spec " + spec.file() + " is valid: sweep '" + spec.name() + "', task " + spec.task() + ", "
          + spec.runCap() + " trials (" + spec.method().word() + "), metric " + spec.metric().name() + " ("
          + spec.metric().goal().word() + "), retrain " + spec.retrain().epochs() + " epochs");
      out.print(PlanCommand.table(spec, Math.min(spec.runCap(), 10)));
      return Main.OK;
    }
    try (RunLock lock = RunLock.acquire(db.db);
         Store store = SqliteStore.open(db.db, context.clock());
         sweep.artifact.ArtifactStore artifacts = context.artifacts(spec.artifacts());
         SystemTerminal terminal = context.terminal() ? SystemTerminal.open().orElse(null) : null;
         Progress progress = terminal != null
             ? new LiveTable(err, context.clock(), spec.metric().name(), spec.metric().goal(), terminal,
                 new sweep.search.SearchSpace(spec).searchedNames())
             : new LogLines(err, context.clock(), spec.metric().name(), spec.metric().goal())) {
      // While the table is up, what the process writes to stderr (log warnings) goes above it.
      java.io.PrintStream systemErr = System.err;
      if (progress instanceof LiveTable table) {
        System.setErr(new java.io.PrintStream(new LinesAbove(table), true, java.nio.charset.StandardCharsets.UTF_8));
      }
      try {
        return runSweep(spec, store, artifacts, progress, context, out, err);
      } finally {
        System.setErr(systemErr);
      }
    }
  }

  private Integer runSweep(SweepSpec spec, Store store, sweep.artifact.ArtifactStore artifacts, Progress progress,
      Context context, PrintWriter out, PrintWriter err) throws Exception {
    SweepRunner runner = new SweepRunner(spec, Specs.task(spec), store, progress,
        sweep.schedule.Backends.forSpec(spec, context.env()), artifacts,
        context.env());
    // SIGINT/SIGTERM: stop the trials, record the sweep as interrupted, say how to carry on; the JVM then exits
    // 130/143.
    SweepRunner.Outcome outcome = SignalStop.run(runner, resume, () -> {
      progress.close();
      err.println("sweep '" + spec.name() + "' interrupted; "
          + ResumeCommand.hint(spec.file(), spec.name(), db.db));
      err.flush();
    });
    progress.close();
    if (outcome.exitCode() == SweepRunner.INTERRUPTED) {
      return outcome.exitCode(); // the shutdown hook said so, and how to carry on
    }
    out.println(outcome.summary());
    return outcome.exitCode();
  }
}
