package sweep.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import sweep.util.Json;

/**
 * The identity of a local trial attempt: its JVM's pid, that process's start time, and the random token it was
 * started with (in its arguments and, inherited by everything it starts, in its environment). A process is the
 * attempt only if all three match: a pid alone is reused (after a reboot, or by another sweep's trial).
 *
 * @param pid the trial JVM's process id
 * @param start the process's start time as the OS reports it (null if the OS does not)
 * @param token the attempt's token
 */
record LocalHandle(long pid, Instant start, String token) {

  /** The handle as the store keeps it: {@code {"pid":..,"start":"..","token":".."}}. */
  String encode() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("pid", pid);
    if (start != null) {
      o.put("start", start.toString());
    }
    o.put("token", token);
    return Json.write(o);
  }

  /** The handle recorded as {@code text}, or empty if it is not one (a handle of another backend, or damaged). */
  static Optional<LocalHandle> decode(String text) {
    try {
      JsonNode o = Json.tree(text);
      if (!o.path("pid").canConvertToLong() || !o.path("token").isTextual()) {
        return Optional.empty();
      }
      Instant start = o.path("start").isTextual() ? Instant.parse(o.path("start").asText()) : null;
      return Optional.of(new LocalHandle(o.path("pid").asLong(), start, o.path("token").asText()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The handle of a process just started with {@code token}. */
  static LocalHandle of(ProcessHandle process, String token) {
    return new LocalHandle(process.pid(), process.info().startInstant().orElse(null), token);
  }

  /** The attempt's JVM, if it still runs: the pid's process, with the same start time and the token in its arguments. */
  Optional<ProcessHandle> find() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
      ProcessHandle.Info info = h.info();
      boolean sameStart = start == null || info.startInstant().map(start::equals).orElse(false);
      boolean hasToken = info.arguments().map(a -> List.of(a).contains(token)).orElse(false);
      return sameStart && hasToken;
    });
  }

  /**
   * The JVM of an attempt recorded before handles existed, known by its pid only: the process with that pid, if its
   * arguments are {@code trial --config CONFIG} for this trial's config file (another sweep's trial, or any other
   * process that got the pid, has other arguments).
   */
  static Optional<ProcessHandle> findLegacy(long pid, Path configFile) {
    String config = configFile.toAbsolutePath().normalize().toString();
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().arguments().map(a -> {
      List<String> args = List.of(a);
      int i = args.indexOf("--config");
      return args.contains("trial") && i >= 0 && i + 1 < args.size()
          && Path.of(args.get(i + 1)).toAbsolutePath().normalize().toString().equals(config);
    }).orElse(false));
  }
}
