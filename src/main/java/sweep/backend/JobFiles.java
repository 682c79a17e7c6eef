package sweep.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files through which the orchestrator and one attempt's job talk, in the trial's directory on the shared
 * filesystem ({@code slurm/attempt-N.*}): the job's script; the events file the trial's stdout is appended to; the
 * instructions file the orchestrator appends {@code continue}/{@code stop} to and the trial reads as its stdin; and
 * the exit file, holding the trial's exit code, that the job writes last (a finished job leaves {@code squeue}, and
 * accounting may be absent).
 */
record JobFiles(Path script, Path events, Path instructions, Path exit) {

  static JobFiles of(Path trialDir, int attempt) {
    Path dir = trialDir.resolve("slurm");
    String base = "attempt-" + attempt;
    return new JobFiles(dir.resolve(base + ".sh"), dir.resolve(base + ".events"),
        dir.resolve(base + ".instructions"), dir.resolve(base + ".exit"));
  }

  /** Empties what a job of this attempt may have left (an orchestrator that died before it submitted). */
  void reset() throws IOException {
    Files.createDirectories(script.getParent());
    Files.deleteIfExists(exit);
    Files.writeString(events, "");
    Files.writeString(instructions, "");
  }

  /** The exit code the job wrote, or empty if it wrote none (yet). */
  Optional<Integer> exitCode() {
    try {
      return Optional.of(Integer.parseInt(Files.readString(exit, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
