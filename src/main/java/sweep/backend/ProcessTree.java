package sweep.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of one trial attempt, and ending all of them. An attempt is its trial JVM, every descendant of it,
 * and every process whose environment holds the attempt's token ({@value #TOKEN_VARIABLE}): programs inherit it, so
 * one whose parent died (re-parented to init, out of reach of {@link ProcessHandle#descendants}) is still found.
 * The environment is read from {@code /proc} (Linux); elsewhere only the descendants are found.
 */
final class ProcessTree {
  /** The environment variable that carries an attempt's token to the trial JVM and everything it starts. */
  static final String TOKEN_VARIABLE = "SWEEP_TRIAL_TOKEN";

  private ProcessTree() {}

  /**
   * Every process of the attempt still running: {@code root} (if given), its descendants, the token's holders and
   * their descendants.
   */
  static List<ProcessHandle> members(ProcessHandle root, String token) {
    Map<Long, ProcessHandle> all = new LinkedHashMap<>();
    if (root != null && root.isAlive()) {
      all.put(root.pid(), root);
      root.descendants().forEach(h -> all.put(h.pid(), h));
    }
    if (token != null) {
      for (ProcessHandle h : withToken(token)) {
        all.putIfAbsent(h.pid(), h);
        h.descendants().forEach(d -> all.putIfAbsent(d.pid(), d));
      }
    }
    all.remove(ProcessHandle.current().pid());
    return all.values().stream().filter(h -> !gone(h)).toList();
  }

  /**
   * SIGKILLs every process of the attempt, again until none is found (a dying parent may have started one more),
   * and waits up to {@code wait} for each to be gone; returns how many were killed.
   */
  static int killAll(ProcessHandle root, String token, Duration wait) {
    int killed = 0;
    long deadline = System.nanoTime() + wait.toNanos();
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> members = members(root, token);
      if (members.isEmpty()) {
        break;
      }
      members.forEach(ProcessHandle::destroyForcibly);
      killed += members.size();
      while (!members.stream().allMatch(ProcessTree::gone) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return killed;
        }
      }
    }
    return killed;
  }

  /**
   * Whether the process has ended: it is not alive, or it is a zombie (dead, waiting for a parent to reap it; a
   * killed program re-parented to an init that reaps slowly stays one for a while, and nothing of it runs).
   */
  static boolean gone(ProcessHandle h) {
    if (!h.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return !h.isAlive();
    }
  }

  /** Processes whose environment holds {@code TOKEN_VARIABLE=token}; none where {@code /proc} cannot be read. */
  static List<ProcessHandle> withToken(String token) {
    byte[] wanted = ("\0" + TOKEN_VARIABLE + "=" + token + "\0").getBytes(StandardCharsets.UTF_8);
    List<ProcessHandle> found = new ArrayList<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return found;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
        .matches("\\d+"))) {
      for (Path d : dirs) {
        byte[] env;
        try {
          env = Files.readAllBytes(d.resolve("environ"));
        } catch (IOException | SecurityException e) {
          continue; // gone, or another user's
        }
        if (contains(env, wanted)) {
          ProcessHandle.of(Long.parseLong(d.getFileName().toString())).filter(ProcessHandle::isAlive)
              .ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      return found;
    }
    return found;
  }

  /** Whether {@code env} (NUL-separated, as in /proc) holds {@code wanted} ("\0NAME=value\0"). */
  private static boolean contains(byte[] env, byte[] wanted) {
    // The first variable has no NUL before it: compare against "\0" + env.
    outer:
    for (int i = -1; i + wanted.length <= env.length + 1; i++) {
      for (int j = 0; j < wanted.length; j++) {
        int k = i + j;
        byte b = k < 0 ? 0 : k < env.length ? env[k] : 0;
        if (b != wanted[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
