package sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import sweep.backend.SlurmJobs;
import sweep.store.TrialRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;

/**
 * A command that reads one sweep from an existing database: {@code [SWEEP] [--db PATH] [--json]}. Modelled with
 * picocli's programmatic API (see {@link SweepCommand} for why): the constructor builds the model, a subclass adds
 * its own options to {@link #spec()}, and the parsed values are read from the model when the command runs.
 */
abstract class ReadCommand implements Callable<Integer> {
  final Context context;
  private final CommandSpec spec;

  ReadCommand(Context context, String name, String description) {
    this.context = context;
    spec = CommandSpec.wrapWithoutInspection(this).name(name);
    spec.usageMessage().description(description);
    spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("SWEEP")
        .type(String.class).description(SweepArgument.DESCRIPTION).build());
    spec.addOption(OptionSpec.builder(DbOption.NAME).paramLabel(DbOption.LABEL).type(Path.class)
        .defaultValue(DbOption.DEFAULT).description(DbOption.DESCRIPTION).build());
    addFlag("--json", "print JSON");
  }

  /** The command's model. */
  final CommandSpec spec() {
    return spec;
  }

  /** Adds an option without a value. */
  final void addFlag(String name, String description) {
    spec.addOption(OptionSpec.builder(name).type(boolean.class).description(description).build());
  }

  /** Adds an option with a value of {@code type}. */
  final void addOption(String name, Class<?> type, String label, String description) {
    spec.addOption(OptionSpec.builder(name).type(type).paramLabel(label).description(description).build());
  }

  /** Whether the flag {@code name} was given. */
  final boolean flag(String name) {
    return Boolean.TRUE.equals(spec.findOption(name).getValue());
  }

  /** The value of option {@code name}: its default or null when the command line leaves it out. */
  final <T> T value(String name) {
    return spec.findOption(name).getValue();
  }

  /** The database the command reads. */
  final Path db() {
    return value(DbOption.NAME);
  }

  /** Whether to print JSON. */
  final boolean json() {
    return flag("--json");
  }

  @Override
  public final Integer call() {
    try (Store store = writes() ? SqliteStore.openExisting(db(), context.clock())
        : SqliteStore.openReadOnly(db(), context.clock())) {
      String name = spec.positionalParameters().get(0).getValue();
      show(store, SweepArgument.resolve(store, name), spec.commandLine().getOut());
      return Main.OK;
    }
  }

  /** Whether this invocation records anything in the store (else the database is opened read-only). */
  boolean writes() {
    return false;
  }

  /**
   * Slurm's state of the job of each of {@code trials} run as a Slurm job (its current attempt's, or its last one's),
   * by job id, asked once; Slurm is not asked when none was.
   */
  final Map<Long, String> jobStates(Collection<TrialRecord> trials) {
    List<Long> ids = trials.stream().flatMap(t -> SlurmJobs.jobId(t.location()).stream()).toList();
    return ids.isEmpty() ? Map.of() : SlurmJobs.states(ids, SlurmJobs.clusterEnv(context.env()));
  }

  /** Prints what this command shows of {@code sweep}, as JSON when {@link #json()} is set. */
  abstract void show(Store store, SweepRecord sweep, PrintWriter out);
}
