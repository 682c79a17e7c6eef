package sweep.schedule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run per database: an OS file lock on {@code <db>.lock}, which the kernel releases when the holder dies, so a
 * lock left by a killed run is never mistaken for a live one. The file names the holder for the error message.
 *
 * <p>The lock belongs to the database file, not to the name it was given: {@code <db>} is the file's real path,
 * every symbolic link on the way (its directories' and its own, even one whose target does not exist yet)
 * followed, so {@code --db link.db} and {@code --db real.db} take one lock. (The database file itself is not locked:
 * a POSIX lock is dropped when any descriptor of the file closes in the process, as SQLite's do.)
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another live process holds the lock. */
  public static final class HeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message, null, false, false);
    }
  }

  public static RunLock acquire(Path db) {
    Path real = realPath(db);
    Path file = real.resolveSibling(real.getFileName() + ".lock");
    String which = db + (real.equals(db.toAbsolutePath()) ? "" : " (the file " + real + ")");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        ch.close();
        throw new HeldException("another sweep run holds " + which + (holder.isEmpty() ? "" : " (" + holder + ")"));
      }
      String me = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      return new RunLock(ch, l);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw new HeldException("another sweep run holds " + which + " (pid " + ProcessHandle.current().pid()
          + ", this process)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The path {@code db} names once every symbolic link is followed: its own (again while the target is a link, up to
   * 40), and its directory's ({@link Path#toRealPath}) where that exists.
   */
  static Path realPath(Path db) {
    Path p = db.toAbsolutePath();
    try {
      for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
        p = p.getParent().resolve(Files.readSymbolicLink(p));
      }
      Path parent = p.getParent();
      if (parent != null && Files.isDirectory(parent)) {
        p = parent.toRealPath().resolve(p.getFileName());
      }
    } catch (IOException e) {
      // unreadable: the path as given, normalised
    }
    return p.normalize();
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // released when the process ends anyway
    }
  }
}
