package sweep.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import sweep.protocol.EventCodec;
import sweep.store.TrialLocation;

/**
 * One trial attempt as a Slurm job: instructions appended to its instructions file, events read from its events
 * file, its end decided from its exit file and Slurm's word on the job ({@link #update}, called by the backend's
 * watcher). How a job's end is reported:
 * <ul>
 *   <li>an exit file: that code, once nothing of the job runs any more;</li>
 *   <li>restarted by Slurm (requeued after preemption, a node failure or {@code scontrol requeue}: a restart count,
 *       or pending again after it ran), {@code PREEMPTED}, {@code NODE_FAIL}, {@code BOOT_FAIL}: the job is
 *       cancelled (its restart must not run the attempt again) and reported preempted;</li>
 *   <li>{@code TIMEOUT} or {@code DEADLINE}: a failure, {@code timed out};</li>
 *   <li>{@code OUT_OF_MEMORY}: exit 137 with the reason in the log, so the retry shrinks the trial;</li>
 *   <li>killed by {@link #kill}: 137; cancelled by someone else: 143, the log saying so; otherwise the exit code
 *       accounting has, else 1 with a line in the log that the job wrote no exit status.</li>
 * </ul>
 */
final class SlurmJob implements RunningTrial {
  /** How long {@link #kill} waits for Slurm to say nothing of the job runs. */
  static final Duration KILL_WAIT = Duration.ofSeconds(90);

  private final long trialId;
  private final long jobId;
  private final JobFiles files;
  private final java.nio.file.Path log;
  private final SlurmCli cli;
  private final TrialLocation location;
  private final LineTail events;
  private boolean began;
  private volatile boolean killed;
  private volatile boolean exited;
  private boolean restarted;
  private boolean cancelledRestart;
  /** Instructions the attempt had already been sent when this orchestrator took it up: not sent again. */
  private int delivered;

  SlurmJob(long trialId, long jobId, JobFiles files, java.nio.file.Path log, SlurmCli cli, TrialLocation location) {
    this.trialId = trialId;
    this.jobId = jobId;
    this.files = files;
    this.log = log;
    this.cli = cli;
    this.location = location;
    this.events = new LineTail(files.events());
    this.delivered = new LineTail(files.instructions()).rest().size();
  }

  long jobId() {
    return jobId;
  }

  boolean exited() {
    return exited;
  }

  /**
   * Reports what happened since the last look: new output (after {@link TrialMessage.Began}), and the end once it
   * came, as the class describes.
   *
   * @param job Slurm's view of the job, or null when Slurm no longer knows it
   */
  synchronized void update(SlurmCli.Job job, Consumer<TrialMessage> out) throws IOException {
    if (exited) {
      return;
    }
    if (job != null && (job.restarts() > 0 || (began && job.state().equals("PENDING"))
        || job.state().startsWith("REQUEUE"))) {
      restarted = true;
    }
    if (job != null && job.running() && !restarted) {
      began(out);
    }
    report(events.next(), out);
    var code = files.exitCode();
    if (code.isPresent()) {
      if (job == null || !job.active()) {
        finish(code.get(), false, null, null, out);
      }
      return;
    }
    if (restarted || (job != null && List.of("PREEMPTED", "NODE_FAIL", "BOOT_FAIL").contains(job.state()))) {
      if (job != null && job.active()) {
        if (!cancelledRestart) {
          cancelledRestart = true;
          append("stop"); // the old run, should it still run somewhere (a lost node), stops at its next epoch
          cli.cancel(jobId);
        }
        return;
      }
      finish(-1, true, null, "sweep: Slurm job " + jobId + " was " + (job == null ? "requeued" : words(job))
          + "; the trial resumes from its last checkpoint as a new attempt", out);
      return;
    }
    if (job != null && job.active()) {
      return;
    }
    ended(job, out);
  }

  private void ended(SlurmCli.Job job, Consumer<TrialMessage> out) {
    String state = job == null ? null : job.state();
    if (killed) {
      finish(137, false, null, null, out);
    } else if ("TIMEOUT".equals(state) || "DEADLINE".equals(state)) {
      String why = "timed out: Slurm job " + jobId + " reached its time limit";
      finish(124, false, why, "sweep: " + why, out);
    } else if ("OUT_OF_MEMORY".equals(state)) {
      finish(137, false, null, "sweep: Slurm job " + jobId + " ran out of memory (OUT_OF_MEMORY)", out);
    } else if ("CANCELLED".equals(state)) {
      finish(143, false, null, "sweep: Slurm job " + jobId + " was cancelled outside sweep", out);
    } else if (job != null && job.exitCode() != null) {
      finish(job.exitCode(), false, null, null, out);
    } else {
      finish(1, false, null, "sweep: Slurm job " + jobId + " ended (" + (state == null ? "Slurm no longer knows it"
          : state) + ") without writing its exit status to " + files.exit(), out);
    }
  }

  private static String words(SlurmCli.Job job) {
    return switch (job.state()) {
      case "PREEMPTED" -> "preempted";
      case "NODE_FAIL" -> "lost with its node" + (job.node() == null ? "" : " " + job.node());
      case "BOOT_FAIL" -> "lost: its node failed to boot";
      default -> "requeued by Slurm";
    };
  }

  private void began(Consumer<TrialMessage> out) {
    if (!began) {
      began = true;
      out.accept(new TrialMessage.Began(trialId));
    }
  }

  private void report(List<String> lines, Consumer<TrialMessage> out) {
    if (!lines.isEmpty()) {
      began(out);
    }
    for (String line : lines) {
      out.accept(EventCodec.decode(line).<TrialMessage>map(e -> new TrialMessage.Event(trialId, e)).orElseGet(() -> {
        TrialLog.append(log, line);
        return new TrialMessage.Output(trialId, line);
      }));
    }
  }

  private void finish(int code, boolean preempted, String failure, String note, Consumer<TrialMessage> out) {
    List<String> rest = events.rest();
    if (!preempted && (files.exitCode().isPresent() || !rest.isEmpty())) {
      began(out);
    }
    report(rest, out);
    if (note != null) {
      TrialLog.append(log, note);
    }
    exited = true;
    out.accept(new TrialMessage.Exited(trialId, code, preempted, failure));
  }

  @Override
  public long trialId() {
    return trialId;
  }

  @Override
  public TrialLocation location() {
    return location;
  }

  /**
   * Appends the instruction to the instructions file. An attempt taken up from an earlier orchestrator has its
   * events reported again from the start and so is judged again: the first instructions sent to it, as many as it
   * had already been sent, were delivered by that orchestrator and are not appended again.
   */
  @Override
  public synchronized boolean send(String instruction) {
    if (exited) {
      return false;
    }
    if (delivered > 0) {
      delivered--;
      return true;
    }
    return append(instruction);
  }

  private boolean append(String instruction) {
    try {
      Files.writeString(files.instructions(), instruction + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean alive() {
    if (exited) {
      return false;
    }
    try {
      return cli.jobs(List.of(jobId)).stream().anyMatch(SlurmCli.Job::active);
    } catch (IOException e) {
      return true; // the controller does not answer: assume it still runs
    }
  }

  @Override
  public void kill() {
    killed = true;
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    try {
      cli.killNow(jobId);
      cli.cancel(jobId);
      while (System.nanoTime() < deadline && cli.jobs(List.of(jobId)).stream().anyMatch(SlurmCli.Job::active)) {
        Thread.sleep(100);
      }
    } catch (IOException e) {
      TrialLog.append(log, "sweep: could not cancel Slurm job " + jobId + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String logTail(int n) {
    return TrialLog.tail(log, n);
  }
}
