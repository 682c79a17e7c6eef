package sweep.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Slurm's commands as the backend uses them ({@code sbatch}, {@code squeue}, {@code scancel}, {@code sacct}), run
 * with the orchestrator's environment plus {@code env} (a test cluster's {@code SLURM_CONF}). State comes from
 * {@code squeue -t all}, which keeps a finished job for the controller's {@code MinJobAge}, and from
 * {@code sacct -P} text where accounting exists ({@code sacct --json} of Slurm 22.05 reports a failed job's exit code
 * as 0).
 */
final class SlurmCli {
  /** How long one command may take before the backend treats the controller as unreachable. */
  private static final long COMMAND_SECONDS = 60;
  private static final String SQUEUE_FORMAT = "JobID:|,State:|,RestartCnt:|,NodeList:|,Name:|,Comment:|";

  /**
   * A job as {@code squeue} or {@code sacct} shows it.
   *
   * @param state Slurm's state word ({@code PENDING}, {@code RUNNING}, {@code PREEMPTED}, ...)
   * @param restarts how often Slurm requeued it
   * @param node where it runs or ran, or null
   * @param exitCode its exit code, where accounting tells it; else null
   */
  record Job(long id, String state, int restarts, String node, String name, String comment, Integer exitCode) {
    /** Pending, running or on its way out: something of it may still run, or run again. */
    boolean active() {
      return !ENDED.contains(state);
    }

    /** It runs now (or is ending on its node). */
    boolean running() {
      return state.equals("RUNNING") || state.equals("COMPLETING") || state.equals("CONFIGURING")
          || state.equals("SUSPENDED") || state.equals("STOPPED") || state.equals("SIGNALING");
    }
  }

  /** The states of a job that is over (Slurm's {@code job_state_string} words). */
  static final java.util.Set<String> ENDED = java.util.Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
      "PREEMPTED", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "REVOKED");

  private final Map<String, String> env;
  private volatile Boolean accounting;

  SlurmCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Submits {@code script} with {@code options}; returns the job id ({@code sbatch --parsable}). */
  long submit(List<String> options, Path script) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
    cmd.addAll(options);
    cmd.add(script.toString());
    String out = run(cmd).orElseThrow().trim();
    try {
      return Long.parseLong(out.split(";")[0].trim());
    } catch (NumberFormatException e) {
      throw new IOException("sbatch answered '" + out + "' instead of a job id");
    }
  }

  /** The jobs among {@code ids} that Slurm still knows (squeue, else accounting); a forgotten one is left out. */
  List<Job> jobs(Collection<Long> ids) throws IOException {
    if (ids.isEmpty()) {
      return List.of();
    }
    String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    List<Job> jobs = new ArrayList<>(squeue(List.of("-j", list)));
    List<Long> missing = ids.stream().filter(id -> jobs.stream().noneMatch(j -> j.id() == id)).toList();
    if (!missing.isEmpty() && accounting()) {
      jobs.addAll(sacct(List.of("-j", missing.stream().map(String::valueOf).collect(Collectors.joining(",")))));
    }
    return jobs;
  }

  /** The jobs named {@code name} that Slurm knows, in squeue's or accounting's memory. */
  List<Job> named(String name) throws IOException {
    List<Job> jobs = new ArrayList<>(squeue(List.of("-n", name)));
    if (accounting()) {
      sacct(List.of("--name", name)).stream().filter(j -> jobs.stream().noneMatch(q -> q.id() == j.id()))
          .forEach(jobs::add);
    }
    return jobs;
  }

  /** Cancels the job (pending or running: SIGTERM, SIGKILL after the cluster's KillWait); one already over stays so. */
  void cancel(long id) throws IOException {
    exec(List.of("scancel", String.valueOf(id)));
  }

  /** SIGKILL to the job's batch script and every step at once; a pending job is not touched. */
  void killNow(long id) throws IOException {
    exec(List.of("scancel", "--signal=KILL", "--full", String.valueOf(id))); // fails for a job already gone
  }

  /** Whether the cluster keeps accounting ({@code sacct} works); asked once. */
  boolean accounting() {
    if (accounting == null) {
      try {
        Result r = exec(List.of("sacct", "-n", "-X", "-j", "1", "-P", "-o", "JobIDRaw"));
        accounting = r.code() == 0 && !r.out().toLowerCase().contains("accounting storage is disabled");
      } catch (IOException e) {
        accounting = false;
      }
    }
    return accounting;
  }

  private List<Job> squeue(List<String> selection) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("squeue", "-h", "-t", "all", "-O", SQUEUE_FORMAT));
    cmd.addAll(selection);
    Result r = exec(cmd);
    if (r.code() != 0) {
      if (r.out().contains("Invalid job id")) {
        return List.of(); // a single job id squeue no longer knows
      }
      throw failure(cmd, r);
    }
    List<Job> jobs = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      String[] f = line.split("\\|", 6);
      if (f.length < 6 || !f[0].trim().matches("\\d+")) {
        continue; // an array or het job's other lines; not ours
      }
      String comment = f[5].endsWith("|") ? f[5].substring(0, f[5].length() - 1) : f[5];
      jobs.add(new Job(Long.parseLong(f[0].trim()), baseState(f[1]), parseInt(f[2], 0), nodeOrNull(f[3]),
          f[4].trim(), comment.equals("(null)") ? "" : comment, null));
    }
    return jobs;
  }

  private List<Job> sacct(List<String> selection) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sacct", "-n", "-X", "-P", "-o",
        "JobIDRaw,State,Restarts,NodeList,JobName,ExitCode,Comment"));
    cmd.addAll(selection);
    Result r = exec(cmd);
    if (r.code() != 0) {
      throw failure(cmd, r);
    }
    List<Job> jobs = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      String[] f = line.split("\\|", 7);
      if (f.length < 7 || !f[0].trim().matches("\\d+")) {
        continue;
      }
      Integer exit = parseInt(f[5].split(":")[0], -1);
      jobs.add(new Job(Long.parseLong(f[0].trim()), baseState(f[1]), parseInt(f[2], 0), nodeOrNull(f[3]),
          f[4].trim(), f[6].trim(), exit < 0 ? null : exit));
    }
    return jobs;
  }

  /** {@code CANCELLED by 0} and {@code RUNNING+} are {@code CANCELLED} and {@code RUNNING}. */
  static String baseState(String state) {
    return state.trim().split("[ +]")[0];
  }

  private static String nodeOrNull(String node) {
    String n = node.trim();
    return n.isEmpty() || n.equals("None assigned") || n.equals("(null)") ? null : n;
  }

  private static int parseInt(String s, int fallback) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private record Result(int code, String out) {}

  private Optional<String> run(List<String> cmd) throws IOException {
    Result r = exec(cmd);
    if (r.code() != 0) {
      throw failure(cmd, r);
    }
    return Optional.of(r.out());
  }

  private static IOException failure(List<String> cmd, Result r) {
    return new IOException(cmd.get(0) + " failed (exit " + r.code() + "): " + r.out().trim());
  }

  private Result exec(List<String> cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + cmd.get(0) + " (is Slurm's client installed on this machine?): "
          + e.getMessage(), e);
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + " did not answer within " + COMMAND_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException(cmd.get(0) + " interrupted");
    }
    return new Result(p.exitValue(), out);
  }
}
