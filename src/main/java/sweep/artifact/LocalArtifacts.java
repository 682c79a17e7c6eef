package sweep.artifact;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Local file operations on run directories: publishing the best checkpoint whole or not at all. */
public final class LocalArtifacts {
  private LocalArtifacts() {}

  /**
   * Copies {@code checkpoint} to {@code target} (e.g. {@code runs/<sweep>/best}): into a temporary sibling first,
   * then renamed into place, so a reader sees the old directory or the new one, never half of one.
   */
  public static void publish(Path checkpoint, Path target) throws IOException {
    publish(checkpoint, target, path -> false);
  }

  /**
   * As {@link #publish(Path, Path)}, leaving out the files whose path relative to {@code checkpoint}
   * ({@code /}-separated) {@code leaveOut} accepts, e.g. {@link TrainingStateFiles#excluded}.
   */
  public static void publish(Path checkpoint, Path target, Predicate<String> leaveOut) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    deleteTree(tmp);
    copyTree(checkpoint, tmp, leaveOut);
    Path old = target.resolveSibling(target.getFileName() + ".old-" + ProcessHandle.current().pid());
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
  }

  public static void copyTree(Path from, Path to) throws IOException {
    copyTree(from, to, path -> false);
  }

  /** Copies {@code from} to {@code to}, but for the files whose relative path {@code leaveOut} accepts. */
  public static void copyTree(Path from, Path to, Predicate<String> leaveOut) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!leaveOut.test(Manifest.relative(from, file))) {
          Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
