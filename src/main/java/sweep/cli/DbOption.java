package sweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option every command that touches the store shares (the read commands build it from these constants). */
final class DbOption {
  static final String NAME = "--db";
  static final String LABEL = "PATH";
  static final String DEFAULT = "results/sweep.db";
  static final String DESCRIPTION = "SQLite database (default: ${DEFAULT-VALUE})";

  @Option(names = NAME, paramLabel = LABEL, description = DESCRIPTION, defaultValue = DEFAULT)
  Path db;
}
