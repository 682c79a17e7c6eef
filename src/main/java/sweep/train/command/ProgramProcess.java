package sweep.train.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command trial's program as a process: its stderr kept for the failure's reason, and how it is stopped. */
final class ProgramProcess {
  private ProgramProcess() {}

  /** How much of the end of the program's stderr is kept for its failure's reason. */
  private static final int ERROR_TAIL_CHARS = 2048;

  /** The last line of {@code text} with something on it (after a {@code \r} redraw, what is left), or "". */
  static String lastLine(CharSequence text) {
    String[] lines = text.toString().split("[\r\n]+");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }

  /**
   * Copies the program's stderr, as it comes, to this JVM's stderr (the trial's log), keeping its last
   * {@link #ERROR_TAIL_CHARS} characters in {@code tail} (guarded by it): a failure is told even when the log
   * cannot be written (a full disk).
   */
  static Thread copyToLog(java.io.InputStream stderr, StringBuilder tail) {
    Thread t = new Thread(() -> {
      try (stderr) {
        byte[] buffer = new byte[8192];
        for (int n = stderr.read(buffer); n >= 0; n = stderr.read(buffer)) {
          System.err.write(buffer, 0, n);
          synchronized (tail) {
            tail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            tail.delete(0, Math.max(0, tail.length() - ERROR_TAIL_CHARS));
          }
        }
      } catch (java.io.IOException e) {
        // the program is gone
      }
      System.err.flush();
    }, "command-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * SIGTERM to the program and everything it started, SIGKILL after the grace to whatever of them is left (those it
   * started too: a child whose parent exited is no longer a descendant, but it is still the program's).
   */
  static void terminate(Process process, long graceSeconds) {
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    process.destroy();
    family.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        kill(process, family);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process, family);
    }
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGKILL to the program, its descendants now, and {@code family} (those it had started before). */
  static void kill(Process process, List<ProcessHandle> family) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    family.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
