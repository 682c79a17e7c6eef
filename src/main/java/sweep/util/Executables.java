package sweep.util;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the file a program name runs, as {@code execvp} (and so {@link ProcessBuilder}) would. */
public final class Executables {
  private Executables() {}

  /**
   * The executable that {@code program} names: a path (it holds a {@code /}), relative to {@code workDir}; or a
   * bare name looked up in each directory of {@code path} (a PATH value) in turn. Empty when there is none: no such
   * file, a directory, or not executable.
   */
  public static Optional<Path> resolve(String program, String path, Path workDir) {
    try {
      if (program.contains("/")) {
        return executable(workDir.resolve(program));
      }
      for (String dir : (path == null ? "" : path).split(File.pathSeparator, -1)) {
        Optional<Path> found = executable(workDir.resolve(dir.isEmpty() ? "." : dir).resolve(program));
        if (found.isPresent()) {
          return found;
        }
      }
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }
}
