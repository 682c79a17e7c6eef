package sweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option every command that touches the store shares. */
final class DbOption {
  @Option(names = "--db", paramLabel = "PATH", description = "SQLite database (default: ${DEFAULT-VALUE})",
      defaultValue = "results/sweep.db")
  Path db;
}
