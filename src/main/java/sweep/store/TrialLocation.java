package sweep.store;

/**
 * Where a trial's current attempt runs, as the store keeps it: enough for a later orchestrator to find that attempt
 * again (to carry it on or to end it) and for a person to look at it.
 *
 * @param backend the trial backend that started it ({@code local}, a cluster backend's name)
 * @param host the machine it was started from or runs on, as the backend names it
 * @param handle the backend's own identity of the attempt, opaque to everything but that backend (for a local
 *     process: its pid, start time and the token it was started with); null for attempts recorded before handles
 *     existed (then only {@link #pid} is known)
 * @param pid the process id on {@code host}, when the backend has one; for people reading {@code ps}, never enough
 *     on its own to identify the attempt (pids are reused)
 */
public record TrialLocation(String backend, String host, String handle, Long pid) {
  /** The backend recorded for attempts started before the store kept locations: all ran as local processes. */
  public static final String LEGACY_BACKEND = "local";

  public TrialLocation {
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("a trial location names its backend");
    }
  }

  /** For messages: {@code pid 4242} for a process, else the backend and host. */
  public String describe() {
    return pid != null ? "pid " + pid : backend + (host != null ? " on " + host : "");
  }
}
