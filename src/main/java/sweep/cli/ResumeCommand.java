package sweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line that carries on a stopped sweep, as a person would type it in the directory sweep was run from:
 * {@code sweep run SPEC --resume --name NAME}, plus {@code --db PATH} when the database is not the default. Words
 * a shell would split or expand are single-quoted.
 */
final class ResumeCommand {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:@%+,-]+");

  private ResumeCommand() {}

  /** The command for the sweep {@code name}, started from {@code specFile}, in the database {@code db}. */
  static String of(String specFile, String name, Path db) {
    List<String> words = new ArrayList<>(List.of("sweep", "run", specFile, "--resume", "--name", name));
    if (!db.equals(Path.of(DbOption.DEFAULT))) {
      words.addAll(List.of(DbOption.NAME, db.toString()));
    }
    return String.join(" ", words.stream().map(ResumeCommand::quote).toList());
  }

  /** The line that tells a person how to carry on: {@code to carry on: sweep run ...}. */
  static String hint(String specFile, String name, Path db) {
    return "to carry on: " + of(specFile, name, db);
  }

  private static String quote(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
