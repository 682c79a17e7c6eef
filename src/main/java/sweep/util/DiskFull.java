package sweep.util;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a full disk (or an exhausted quota) in what a failure left behind: an exception's messages or the
 * text a program printed (Java's {@code FileSystemException}, Python's {@code OSError: [Errno 28]}, libc's
 * {@code strerror}), and names it: {@code "disk full: <the line that says so>"}.
 */
public final class DiskFull {
  private DiskFull() {}

  /** What the C library, Java and Windows say for ENOSPC and EDQUOT. */
  private static final List<String> SIGNS = List.of("no space left on device", "disk quota exceeded",
      "not enough space on the disk", "enospc", "sqlite_full", "database or disk is full");

  /** {@code "disk full: LINE"} for the first line of {@code text} that reports a full disk, if one does. */
  public static Optional<String> reason(String text) {
    return line(text).map(l -> "disk full: " + l);
  }

  /** The first line of {@code text} ({@code \n}, {@code \r} or both end a line) that reports a full disk, stripped. */
  public static Optional<String> line(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (String line : text.split("[\\r\\n]+")) {
      String l = line.toLowerCase(Locale.ROOT);
      if (SIGNS.stream().anyMatch(l::contains)) {
        return Optional.of(line.strip());
      }
    }
    return Optional.empty();
  }

  /** {@code "disk full: MESSAGE"} if {@code error} or one of its causes reports a full disk. */
  public static Optional<String> reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Optional<String> r = reason(t.getMessage() != null ? t.getMessage() : t.toString());
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }
}
