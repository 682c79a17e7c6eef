package sweep.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sweep.spec.BackendSpec;
import sweep.store.TrialLocation;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * Trials as Slurm jobs: each attempt one {@code sbatch} job running the trial's command ({@link TrialLauncher}, as
 * the local backend runs it) on a node, through the files of {@link JobFiles} in the trial's directory, which must
 * be under the shared directory every node sees ({@link JobScript} says what the job does).
 *
 * <ul>
 *   <li>Exactly one job per attempt: a job's name and comment carry sweep, trial, attempt and trial directory
 *       ({@link JobIdentity}), and {@link #start} first looks for a job already carrying them (in {@code squeue}'s
 *       memory, and accounting's where it exists) and takes that one up instead of submitting another; so an
 *       orchestrator killed between {@code sbatch} and recording the job id causes no second job.</li>
 *   <li>A watcher thread reads every attempt's events file and asks {@code squeue} (one call for all jobs) every
 *       tick; {@link TrialMessage.Began} comes when the job runs, so time in the queue counts against no bound.
 *       How a job's end is reported: {@link SlurmJob}.</li>
 *   <li>{@link #reattach} carries on a job that its recorded handle names and whose name and comment are this
 *       attempt's, pending, running or ended (its events are reported again from the start, and the instructions
 *       it already had are not appended again: {@link SlurmJob#send}); a job id Slurm gave to another job is left
 *       alone. Once a trial's next attempt is started, what its earlier one still reports is dropped.</li>
 *   <li>Thread-safe.</li>
 * </ul>
 */
public final class SlurmBackend implements TrialBackend {
  /** The name recorded with each trial: {@value}. */
  public static final String NAME = "slurm";
  /** How often the watcher looks at the jobs by default. */
  public static final Duration TICK = Duration.ofSeconds(1);

  private final BackendSpec.Slurm settings;
  private final int gpusPerTrial;
  private final TrialLauncher launcher;
  private final SlurmCli cli;
  private final Supplier<String> tokens;
  private final String host;
  private final Duration tick;
  private final Map<Long, SlurmJob> watched = new ConcurrentHashMap<>();
  /** Each trial's latest attempt: what an attempt before it still reports is dropped. */
  private final Map<Long, SlurmJob> latest = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Said> queue = new LinkedBlockingQueue<>();
  private final Thread watcher;
  private volatile boolean closed;
  /** What each job checks its node has before it runs the trial (besides Java); set by {@link #checkNeeds}. */
  private volatile List<NodeNeed> needs = List.of();

  /**
   * @param gpusPerTrial GPUs each job asks for ({@code --gres=gpu:N}); 0 for none
   * @param slurmEnv variables Slurm's commands get beyond this process's environment (a {@code SLURM_CONF})
   * @param tick how often the jobs are looked at
   */
  public SlurmBackend(BackendSpec.Slurm settings, int gpusPerTrial, TrialLauncher launcher,
      Map<String, String> slurmEnv, Duration tick) {
    this.settings = settings;
    this.gpusPerTrial = gpusPerTrial;
    this.launcher = launcher;
    this.cli = new SlurmCli(slurmEnv);
    this.tokens = LocalProcessBackend.randomTokens();
    this.host = LocalProcessBackend.localHost();
    this.tick = tick;
    this.watcher = new Thread(this::watch, "slurm-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RunningTrial start(TrialLaunch launch) throws IOException {
    Path shared = settings.sharedDir().toAbsolutePath().normalize();
    Path trialDir = launch.trialDir().toAbsolutePath().normalize();
    if (!trialDir.startsWith(shared)) {
      throw new IOException("the trial directory " + trialDir + " is not under backend.shared_dir " + shared
          + ", so a node would not see it");
    }
    JobIdentity identity = JobIdentity.of(launch);
    JobFiles files = JobFiles.of(trialDir, launch.attempt());
    Optional<SlurmCli.Job> existing = cli.named(identity.name()).stream()
        .filter(j -> identity.matches(j.name(), j.comment()))
        .max(Comparator.comparing(SlurmCli.Job::active).thenComparing(SlurmCli.Job::id));
    long jobId;
    if (existing.isPresent()) {
      jobId = existing.get().id(); // submitted by an orchestrator that died before recording it: take it up
    } else {
      files.reset();
      List<String> command = launcher.command(launch.jvmOptions(), launch.configFile(), tokens.get());
      Map<String, String> env = new java.util.HashMap<>(launcher.env());
      env.putAll(launch.env());
      Files.writeString(files.script(), JobScript.render(files, launch.log(), trialDir, command, env,
          launch.label(), needs));
      jobId = cli.submit(options(identity, launch), files.script());
    }
    return watch(launch, files, jobId);
  }

  /**
   * Every {@link NodeNeed} must be there on this machine too, since the job uses the orchestrator's paths (whether a
   * node sees them only the node can tell: each job checks its node has them all before it runs the trial).
   */
  @Override
  public String checkNeeds(Path dataSnapshot, Map<String, String> env) {
    List<NodeNeed> all = NodeNeed.of(launcher, env, dataSnapshot == null ? null
        : dataSnapshot.toAbsolutePath().normalize());
    for (NodeNeed need : all) {
      if (!Files.exists(need.path())) {
        throw new BadInputException("every Slurm node needs " + need.what() + " at " + need.path()
            + ", which is not there on this machine either");
      }
    }
    needs = List.copyOf(all);
    return "each Slurm node needs, at these paths: " + NodeNeed.describe(all)
        + "; each job checks its node has them before it runs the trial";
  }

  private List<String> options(JobIdentity identity, TrialLaunch launch) {
    List<String> o = new ArrayList<>(List.of("--job-name=" + identity.name(), "--comment=" + identity.comment(),
        "--chdir=" + identity.trialDir(), "--output=" + launch.log().toAbsolutePath(), "--open-mode=append"));
    if (gpusPerTrial > 0) {
      o.add("--gres=gpu:" + gpusPerTrial);
    }
    if (settings.partition() != null) {
      o.add("--partition=" + settings.partition());
    }
    if (settings.account() != null) {
      o.add("--account=" + settings.account());
    }
    if (settings.timeLimit() != null) {
      o.add("--time=" + minutes(settings.timeLimit()));
    }
    o.addAll(settings.sbatchArgs());
    return o;
  }

  /** A time limit as Slurm takes it, in whole minutes (rounded up). */
  static long minutes(Duration limit) {
    return (limit.toSeconds() + 59) / 60;
  }

  private SlurmJob watch(TrialLaunch launch, JobFiles files, long jobId) {
    String handle = Json.write(Json.mapper().createObjectNode().put("job", jobId));
    SlurmJob job = new SlurmJob(launch.trialId(), jobId, files, launch.log(), cli,
        new TrialLocation(NAME, host, handle, null));
    watched.put(launch.trialId(), job);
    latest.put(launch.trialId(), job);
    return job;
  }

  @Override
  public Optional<RunningTrial> reattach(TrialLaunch launch, TrialLocation where) throws IOException {
    Optional<Long> recorded = SlurmJobs.jobId(where);
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    long jobId = recorded.get();
    JobIdentity identity = JobIdentity.of(launch);
    JobFiles files = JobFiles.of(identity.trialDir(), launch.attempt());
    List<SlurmCli.Job> known = cli.jobs(List.of(jobId));
    boolean ours = known.stream().anyMatch(j -> identity.matches(j.name(), j.comment()));
    if (ours || (known.isEmpty() && files.exitCode().isPresent())) {
      return Optional.of(watch(launch, files, jobId));
    }
    return Optional.empty();
  }

  private void watch() {
    while (!closed) {
      try {
        Thread.sleep(tick.toMillis());
        List<SlurmJob> jobs = watched.values().stream().filter(j -> !j.exited()).toList();
        if (jobs.isEmpty()) {
          continue;
        }
        List<SlurmCli.Job> known = cli.jobs(jobs.stream().map(SlurmJob::jobId).toList());
        for (SlurmJob job : jobs) {
          job.update(known.stream().filter(k -> k.id() == job.jobId()).findFirst().orElse(null),
              m -> queue.add(new Said(job, m)));
        }
        watched.values().removeIf(SlurmJob::exited);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // the controller did not answer this time; the next tick asks again
      }
    }
  }

  /** A message and the attempt that said it. */
  private record Said(SlurmJob job, TrialMessage message) {}

  /**
   * The next message of a trial's latest attempt: an attempt ended by an orchestrator that then started the
   * trial's next one (a resume that could not carry it on) has nothing more to say.
   */
  @Override
  public TrialMessage poll(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Said said = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
      if (said == null || latest.get(said.message().trialId()) == said.job()) {
        return said == null ? null : said.message();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    watcher.interrupt();
  }
}
