package sweep.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sweep}: the top command; all work is in its subcommands.
 *
 * <p>The subcommands are registered by {@link #register}, not by annotation: picocli builds a subcommand's model by
 * reflection when it is added, and a command such as {@code sweep best} needs only its own, so the others are left
 * out of its start-up time.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, versionProvider = VersionProvider.class,
    description = "Hyperparameter sweeps for document-AI models on the JVM.")
final class SweepCommand implements Runnable {
  /** The subcommands by name, in the order help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("run", RunCommand::new);
    SUBCOMMANDS.put("plan", PlanCommand::new);
    SUBCOMMANDS.put("status", StatusCommand::new);
    SUBCOMMANDS.put("trials", TrialsCommand::new);
    SUBCOMMANDS.put("best", BestCommand::new);
    SUBCOMMANDS.put("trial", TrialCommand::new);
    SUBCOMMANDS.put("score", ScoreCommand::new);
    SUBCOMMANDS.put("sync", SyncCommand::new);
  }

  final Context context;
  @Spec CommandSpec spec;

  /**
   * Adds the subcommands {@code args} can reach to {@code cl}: only the named one when the command line starts with
   * a subcommand's name, every one otherwise (help, version, a mistyped name).
   */
  static void register(CommandLine cl, String... args) {
    Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      cl.addSubcommand(args[0], named.get());
      return;
    }
    SUBCOMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
  }

  SweepCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
