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
    Path file = db.resolveSibling(db.getFileName() + ".lock");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        ch.close();
        throw new HeldException("another sweep run holds " + db + (holder.isEmpty() ? "" : " (" + holder + ")"));
      }
      String me = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now();
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      return new RunLock(ch, l);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw new HeldException("another sweep run holds " + db + " (pid " + ProcessHandle.current().pid()
          + ", this process)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
    }
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
