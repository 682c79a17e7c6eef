package sweep.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sweep data}: writes data sets. Only a group, like {@code sweep score}: a bare {@code sweep data} gets
 * "Missing required subcommand" (exit 2).
 */
@Command(name = "data", description = "Write data sets.", subcommands = {DataExportCommand.class})
final class DataCommand {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
}
