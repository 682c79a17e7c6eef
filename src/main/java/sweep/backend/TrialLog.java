package sweep.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A trial attempt's log file as backends write and quote it. */
final class TrialLog {
  private TrialLog() {}

  /** Appends {@code line}, secrets redacted; best effort (the store has the events). */
  static void append(Path log, String line) {
    try {
      Files.writeString(log, sweep.util.Secrets.active().redact(line) + System.lineSeparator(),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the log is best effort; the store has the events
    }
  }

  /** The last {@code n} lines of {@code log}, blank lines and stack frames left out. */
  static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank() && !l.matches("\\s+(at |\\.\\.\\. \\d+ more).*")).toList();
      return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size())));
    } catch (IOException e) {
      return "";
    }
  }
}
