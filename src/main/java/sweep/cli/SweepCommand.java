package sweep.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code sweep}: the top command; all work is in its subcommands.
 *
 * <p>Start-up time is most of what a read command such as {@code sweep best} costs, and picocli's annotations are
 * the largest part of it: reading them makes the JVM build a proxy class per annotation type, which the class-data
 * archive cannot hold. So this command and the read commands ({@link ReadCommand}) are modelled with picocli's
 * programmatic API, and the commands that start long work (run, sync, ...) keep their annotations. Only the
 * subcommand a command line names is added: a subcommand's model is built when it is added.
 */
final class SweepCommand implements Runnable {
  static final String HELP_DESCRIPTION = "Show this help message and exit.";

  /** The subcommands by name, in the order help lists them; each makes its command line from the context. */
  private static final Map<String, Function<Context, CommandLine>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("run", c -> new CommandLine(new RunCommand()));
    SUBCOMMANDS.put("plan", c -> new CommandLine(new PlanCommand()));
    SUBCOMMANDS.put("status", c -> new CommandLine(new StatusCommand(c).spec()));
    SUBCOMMANDS.put("trials", c -> new CommandLine(new TrialsCommand(c).spec()));
    SUBCOMMANDS.put("best", c -> new CommandLine(new BestCommand(c).spec()));
    SUBCOMMANDS.put("reproduce", c -> new CommandLine(new ReproduceCommand()));
    SUBCOMMANDS.put("report", c -> new CommandLine(new ReportCommand(c).spec()));
    SUBCOMMANDS.put("trial", c -> new CommandLine(new TrialCommand()));
    SUBCOMMANDS.put("score", c -> new CommandLine(new ScoreCommand()));
    SUBCOMMANDS.put("sync", c -> new CommandLine(new SyncCommand()));
    SUBCOMMANDS.put("data", c -> new CommandLine(new DataCommand()));
  }

  final Context context;
  private final CommandSpec spec;

  SweepCommand(Context context) {
    this.context = context;
    spec = CommandSpec.wrapWithoutInspection(this).name("sweep");
    spec.usageMessage().description("Hyperparameter sweeps for document-AI models on the JVM.");
    addStandardOptions(spec);
  }

  /**
   * Adds {@code -h/--help} and {@code -V/--version} (sweep's version) to {@code spec}, unless it has a help option
   * of its own (a command group such as {@code score}, which has no version to show).
   */
  private static void addStandardOptions(CommandSpec spec) {
    if (spec.findOption("-h") != null) {
      return;
    }
    spec.versionProvider(new VersionProvider());
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(HELP_DESCRIPTION).build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
  }

  private static void add(CommandLine top, String name, CommandLine sub) {
    addStandardOptions(sub.getCommandSpec());
    top.addSubcommand(name, sub);
  }

  /**
   * The command line for {@code args}: this command with only the subcommand named first in {@code args}, or with
   * every one when none is named (help, version, a mistyped name).
   */
  static CommandLine commandLine(Context context, String... args) {
    SweepCommand top = new SweepCommand(context);
    CommandLine cl = new CommandLine(top.spec);
    Function<Context, CommandLine> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      add(cl, args[0], named.apply(context));
    } else {
      SUBCOMMANDS.forEach((name, make) -> add(cl, name, make.apply(context)));
    }
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
