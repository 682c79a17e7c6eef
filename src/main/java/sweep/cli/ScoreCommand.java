package sweep.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sweep score}: scores predictions against gold files. Only a group: it implements neither Runnable nor
 * Callable, so picocli answers a bare {@code sweep score} with "Missing required subcommand" (exit 2).
 */
@Command(name = "score", description = "Score predictions against gold annotations.",
    subcommands = {ScoreNerCommand.class, ScoreCocoCommand.class})
final class ScoreCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
