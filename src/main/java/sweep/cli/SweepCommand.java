package sweep.cli;

import picocli.CommandLine.Command;

/** {@code sweep}: the top command; all work is in its subcommands. */
@Command(name = "sweep", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, versionProvider = VersionProvider.class,
    description = "Hyperparameter sweeps for document-AI models on the JVM.",
    subcommands = {RunCommand.class, PlanCommand.class, StatusCommand.class, TrialsCommand.class, BestCommand.class,
        TrialCommand.class, ScoreCommand.class, SyncCommand.class})
final class SweepCommand implements Runnable {
  final Context context;

  SweepCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.err);
  }
}
