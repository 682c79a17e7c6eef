package sweep.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.ArtifactStore;
import sweep.artifact.DirectorySync;
import sweep.artifact.LocalArtifacts;
import sweep.artifact.TrainerState;
import sweep.artifact.TrainingStateFiles;
import sweep.prune.Curve;
import sweep.prune.EarlyStopping;
import sweep.prune.Pruner;
import sweep.prune.Pruners;
import sweep.protocol.TrialConfig;
import sweep.protocol.TrialEvent;
import sweep.report.Progress;
import sweep.report.Tables;
import sweep.search.Draws;
import sweep.search.Observation;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.search.Seeds;
import sweep.spec.SweepSpec;
import sweep.store.DataSnapshot;
import sweep.store.EpochRecord;
import sweep.store.NewSweep;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.Provenance;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.train.Prepared;
import sweep.train.TaskType;
import sweep.util.BadInputException;
import sweep.util.BuildInfo;
import sweep.util.DiskFull;
import sweep.util.Json;

/**
 * Runs a sweep from start (or from where it stopped) to its end: the search (run_cap trials, at most max_parallel
 * at once, each in its own JVM), the retrain of the best parameters, and the publication of the best checkpoint.
 *
 * <p>Everything a trial reports is written to the {@link Store} as it arrives, and a trial's parameters are
 * recorded before it starts; so after a crash, {@link #run} with {@code resume} carries on: trials still marked
 * RUNNING are requeued from their last checkpoint, PENDING ones are started, and only the missing trial numbers
 * are created. Decisions to stop a trial (early stopping, divergence, cross-trial pruning) are made here, from the
 * recorded history, and sent to the trial as {@code stop}.
 */
public final class SweepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

  private final SweepSpec spec;
  private final TaskType task;
  private final Store store;
  private final Progress progress;
  private final TrialLauncher launcher;
  private final BlockingQueue<TrialProcess.Message> queue = new LinkedBlockingQueue<>();
  private final Map<Long, Running> running = new java.util.concurrent.ConcurrentHashMap<>();
  private DeviceSlots slots;
  /** Trials to run again (crashed, killed) before any new one. */
  private final Deque<TrialRecord> retries = new ArrayDeque<>();
  private String gitCommit;
  private SearchHistory searchHistory;
  /** The task configuration trials receive: the spec's, as {@link TaskType#prepare} fixed it for this sweep. */
  private com.fasterxml.jackson.databind.JsonNode taskConfig;
  private final ArtifactStore artifacts;
  private final Map<String, String> env;
  private final DirectorySync sync;
  private final RunRetention retention;
  private volatile SweepRecord sweep;
  /** Set by {@link #interrupt}: no trial is started or finished any more; running ones stay RUNNING for resume. */
  private volatile boolean interrupted;

  /** The exit code of a run stopped by {@link #interrupt}. */
  public static final int INTERRUPTED = 130;

  /** What the run came to: the exit code for the CLI and a one-line summary. */
  public record Outcome(int exitCode, String summary, SweepRecord sweep) {}

  /**
   * @param artifacts the store named by the spec's {@code artifacts}: trial directories are synced to it as they
   *     end (when it is not where they are written), and the best checkpoint with its manifest before the sweep is
   *     complete
   * @param env the environment the data source is read with (AWS settings and credentials)
   */
  public SweepRunner(SweepSpec spec, TaskType task, Store store, Progress progress, TrialLauncher launcher,
      ArtifactStore artifacts, Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.spec = spec;
    this.task = task;
    this.store = store;
    this.progress = progress;
    this.launcher = launcher;
    this.artifacts = artifacts;
    this.sync = new DirectorySync(artifacts);
    this.retention = new RunRetention(spec, store, artifacts, () -> sweep, this::runsInStore, this::key);
  }

  /** A trial being run: its process, its metric history by epoch, and why it was told to stop. */
  private static final class Running {
    TrialRecord trial;
    final TrialProcess process;
    final EarlyStopping stopping;
    /** Cross-trial pruning, or null (retrain). */
    final Pruner pruner;
    final TreeMap<Integer, Double> history = new TreeMap<>();
    /** Its start-up, silence and wall-time bounds, from its signs of life. */
    final Liveness liveness;
    DeviceSlots.Slot slot;
    boolean killed;
    /** Crashes and kills are retried; a diverged trial would diverge again. */
    boolean retryable = true;
    String stopReason;
    /** Set when the pruner stopped the trial: it ends PRUNED. */
    String pruneReason;
    String failure;
    /** The trial's last word ({@code finished} event): on a failure, its error, told even when its log is lost. */
    String finishedMessage;

    Running(TrialRecord trial, TrialProcess process, EarlyStopping stopping, Pruner pruner, Liveness liveness) {
      this.trial = trial;
      this.process = process;
      this.stopping = stopping;
      this.pruner = pruner;
      this.liveness = liveness;
    }
  }

  public Outcome run(boolean resume) throws IOException, InterruptedException {
    sweep = openSweep(resume);
    retention.deleteOldSweeps();
    if (sweep.state() == SweepState.COMPLETE) {
      return new Outcome(0, "sweep '" + sweep.name() + "' is already complete", sweep);
    }
    store.setSweepState(sweep.id(), SweepState.RUNNING, null);
    gitCommit = GitInfo.commit(Path.of(spec.file()).toAbsolutePath().getParent());
    requeueInterrupted();
    slots = DeviceSlots.plan(spec.devices(), spec.maxParallel());
    checkArtifacts();
    taskConfig = prepareData();

    progress.phase("search: " + spec.runCap() + " trials, " + spec.method().word() + ", up to "
        + slots.size() + " at once on " + slots.describe());
    search();

    if (interrupted) {
      return new Outcome(INTERRUPTED, "sweep '" + sweep.name() + "' interrupted", sweep);
    }
    if (giveUp()) {
      return fail(failedSearchTrials() + " search trials failed (max_failed_trials "
          + spec.failures().maxFailedTrials() + "): " + failureSummary());
    }
    Optional<TrialRecord> bestSearch = store.bestTrial(sweep.id(), Phase.SEARCH);
    if (bestSearch.isEmpty()) {
      return fail("no search trial reported " + spec.metric().name());
    }
    TrialRecord source = bestSearch.get();
    Optional<TrialRecord> retrained = Optional.empty();
    if (spec.retrain().enabled()) {
      progress.phase("retrain: trial " + source.label() + " for " + spec.retrain().epochs() + " epochs");
      retrained = retrain(source);
      if (retrained.isEmpty()) {
        return fail("the retrain of trial " + source.label() + " failed; `sweep run --resume` tries again");
      }
    }
    PublishChoice choice = PublishChoice.of(source, retrained, spec.metric().name(), spec.metric().goal());
    TrialRecord finalTrial = choice.chosen();
    progress.phase(choice.reason());
    String published = publishBest(finalTrial);
    try {
      syncAll(published != null);
    } catch (IOException e) {
      return fail("the run directories are not all in " + artifacts.describe() + " (" + e.getMessage()
          + "); `sweep run --resume` syncs them again");
    }
    store.setSweepBest(sweep.id(), finalTrial.id(), published);
    store.recordEvent(sweep.id(), finalTrial.id(), PublishChoice.EVENT, choice.reason());
    store.setSweepState(sweep.id(), SweepState.COMPLETE, null);
    store.recordEvent(sweep.id(), finalTrial.id(), "complete", "best " + spec.metric().name() + "="
        + finalTrial.bestValue() + " from trial " + finalTrial.label());
    retention.deleteSyncedTrials(store.trials(sweep.id()));
    sweep = store.sweep(sweep.name()).orElseThrow();
    progress.phase("done: best " + spec.metric().name() + "=" + Tables.number(finalTrial.bestValue()) + " (trial "
        + finalTrial.label() + ", epoch " + finalTrial.bestEpoch() + ")");
    return new Outcome(0, "sweep '" + sweep.name() + "' complete: best " + spec.metric().name() + "="
        + Tables.number(finalTrial.bestValue()) + " from trial " + finalTrial.label() + " at epoch " + finalTrial.bestEpoch()
        + (published != null ? ", checkpoint " + published : ""), sweep);
  }

  /**
   * Called from a shutdown hook (SIGINT, SIGTERM): asks every running trial to stop, waits up to {@code grace} for
   * them to exit, and records the sweep as INTERRUPTED. Trials stay RUNNING in the store, so
   * {@code sweep run --resume} requeues them from their last checkpoint.
   */
  public void interrupt(String why, java.time.Duration grace) {
    interrupted = true;
    SweepRecord s = sweep;
    if (s == null) {
      return;
    }
    List<Running> all = new ArrayList<>(running.values());
    all.forEach(r -> r.process.send("stop"));
    long deadline = System.nanoTime() + grace.toNanos();
    for (Running r : all) {
      while (r.process.alive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (r.process.alive()) {
        r.process.kill();
      }
    }
    try {
      store.setSweepState(s.id(), SweepState.INTERRUPTED, why + "; `sweep run --resume` carries on");
      store.recordEvent(s.id(), null, "interrupted", why);
    } catch (RuntimeException e) {
      LOG.warn("could not record the interruption: {}", e.getMessage());
    }
  }

  private Outcome fail(String reason) {
    store.setSweepState(sweep.id(), SweepState.FAILED, reason);
    store.recordEvent(sweep.id(), null, "failed", reason);
    progress.phase("failed: " + reason);
    return new Outcome(1, "sweep '" + sweep.name() + "' failed: " + reason, store.sweep(sweep.name()).orElseThrow());
  }

  private SweepRecord openSweep(boolean resume) {
    Optional<SweepRecord> existing = store.sweep(spec.name());
    if (existing.isPresent()) {
      SweepRecord s = existing.get();
      if (!resume) {
        throw new BadInputException("a sweep named '" + spec.name() + "' already exists; add --resume to carry it"
            + " on, or --name to start another");
      }
      if (s.drawsVersion() != Draws.VERSION) {
        throw new BadInputException("sweep '" + spec.name() + "' was started with random-draw scheme "
            + s.drawsVersion() + " and this release draws with scheme " + Draws.VERSION + " (independent draws);"
            + " one sweep does not mix the two: start a new one with --name");
      }
      if (!s.specHash().equals(spec.hash())) {
        throw new BadInputException("the spec changed since sweep '" + spec.name() + "' started (hash "
            + s.specHash().substring(0, 12) + " then, " + spec.hash().substring(0, 12) + " now); resume it with"
            + " the same spec and environment, or start another with --name");
      }
      store.recordEvent(s.id(), null, "resumed", "resumed by pid " + ProcessHandle.current().pid());
      return s;
    }
    SweepRecord s = store.createSweep(new NewSweep(spec.name(), spec.file(), spec.hash(), spec.canonicalJson(),
        spec.metric().name(), spec.metric().goal(), Draws.VERSION));
    store.recordEvent(s.id(), null, "created", "spec " + spec.file() + " hash " + spec.hash());
    return s;
  }

  /** Trials left RUNNING by an orchestrator that died: make sure their process is gone, then requeue them. */
  private void requeueInterrupted() {
    for (TrialRecord t : store.trials(sweep.id())) {
      if (t.state() != TrialState.RUNNING) {
        continue;
      }
      if (t.pid() != null) {
        ProcessHandle.of(t.pid()).filter(ProcessHandle::isAlive).filter(SweepRunner::isTrialProcess)
            .ifPresent(h -> {
              h.destroyForcibly();
              h.onExit().join();
            });
      }
      store.requeueTrial(t.id(), "interrupted; resumes from "
          + (t.lastCheckpoint() == null ? "the start" : t.lastCheckpoint()));
    }
  }

  private static boolean isTrialProcess(ProcessHandle h) {
    return h.info().arguments().map(a -> List.of(a).contains("trial")).orElse(false);
  }

  // ---- data ----

  /**
   * The sweep's data, fixed once: a recorded snapshot on resume (its local copy must still be there), else what
   * the task prepares now, recorded before any trial starts. A source that cannot be read fails the sweep.
   */
  private com.fasterxml.jackson.databind.JsonNode prepareData() throws IOException {
    Optional<DataSnapshot> recorded = store.dataSnapshot(sweep.id());
    if (recorded.isPresent()) {
      DataSnapshot d = recorded.get();
      if (d.path() != null && !Files.isRegularFile(Path.of(d.path()))) {
        String why = "the data snapshot " + d.path() + " that this sweep's trials train on is gone; start a new"
            + " sweep with --name to read " + d.source() + " again";
        fail(why);
        throw new BadInputException(why);
      }
      return Json.tree(d.taskConfig());
    }
    Prepared prepared;
    try {
      prepared = task.prepare(spec.taskConfig(), Path.of(spec.runsDir(), sweep.name()).toAbsolutePath(),
          env);
    } catch (RuntimeException | IOException e) {
      fail("cannot read the data: " + e.getMessage());
      throw e;
    }
    DataSnapshot d = prepared.snapshot();
    if (d != null) {
      store.recordDataSnapshot(sweep.id(), d);
      String what = d.source() + ": " + d.lines() + " line(s) of " + d.items() + " row(s), data hash "
          + d.dataHash().substring(0, Math.min(12, d.dataHash().length())) + ", " + d.badRows()
          + (d.path() != null ? "; snapshot " + d.path() : "");
      store.recordEvent(sweep.id(), null, "data", what);
      progress.phase("data: " + what);
    }
    return prepared.taskConfig();
  }

  // ---- search ----

  private void search() throws IOException, InterruptedException {
    Sampler sampler = Samplers.forSpec(spec);
    SearchSpace space = new SearchSpace(spec);
    List<TrialRecord> existing = store.trials(sweep.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
    Deque<TrialRecord> pending = new ArrayDeque<>(existing.stream()
        .filter(t -> t.state() == TrialState.PENDING).toList());
    int[] next = {existing.stream().mapToInt(TrialRecord::number).max().orElse(-1) + 1};
    EarlyStopping stopping = new EarlyStopping(spec.metric().goal(), spec.trial().earlyStoppingPatience(),
        spec.trial().earlyStoppingThreshold());
    SearchHistory history = searchHistory();
    Pruner pruner = Pruners.forSpec(spec).orElse(null);
    runTrials(() -> {
      if (!pending.isEmpty()) {
        return pending.poll();
      }
      if (next[0] >= spec.runCap()) {
        return null;
      }
      int number = next[0]++;
      List<Observation> seen;
      if (pruner == null) {
        seen = history.observations();
      } else {
        SearchHistory.View view = history.view();
        seen = pruner.history(number, view.observations(), view.curves());
      }
      Map<String, Object> params = space.complete(sampler.propose(number, seen));
      TrialRecord t = store.createTrial(new NewTrial(sweep.id(), Phase.SEARCH, number, params,
          Seeds.trial(spec.seed(), number), spec.trial().epochs(), null));
      store.recordEvent(sweep.id(), t.id(), "created", Json.write(params));
      return t;
    }, slots.size(), stopping, pruner, spec.trial().timeout());
  }


  // ---- retrain ----

  private Optional<TrialRecord> retrain(TrialRecord source) throws IOException, InterruptedException {
    List<TrialRecord> retrains = store.trials(sweep.id()).stream().filter(t -> t.phase() == Phase.RETRAIN).toList();
    Optional<TrialRecord> done = retrains.stream().filter(t -> t.state() == TrialState.COMPLETE).findFirst();
    if (done.isPresent()) {
      return done;
    }
    TrialRecord trial = retrains.stream().filter(t -> t.state() == TrialState.PENDING).findFirst()
        .orElseGet(() -> {
          TrialRecord t = store.createTrial(new NewTrial(sweep.id(), Phase.RETRAIN, retrains.size(), source.params(),
              source.seed(), spec.retrain().epochs(), source.id()));
          store.recordEvent(sweep.id(), t.id(), "created", "retrain of trial " + source.label());
          return t;
        });
    TrialRecord[] once = {trial};
    runTrials(() -> {
      TrialRecord t = once[0];
      once[0] = null;
      return t;
    }, 1, new EarlyStopping(spec.metric().goal(), spec.retrain().earlyStoppingPatience(),
        spec.retrain().earlyStoppingThreshold()), null, spec.retrain().timeout());
    TrialRecord finished = store.trial(trial.id());
    return finished.state() == TrialState.COMPLETE && finished.bestValue() != null
        ? Optional.of(finished) : Optional.empty();
  }

  // ---- the dispatch loop ----

  /**
   * Starts trials from {@code next} (null: none left) on up to {@code parallel} slots until all have ended; kills
   * a trial that overruns {@code timeout} (null: no bound), does not start within the startup timeout, or goes
   * silent for the heartbeat timeout (see {@link Liveness}). {@code pruner}
   * (null: none) may stop trials from the curves of all search trials.
   */
  private void runTrials(Supplier<TrialRecord> next, int parallel, EarlyStopping stopping, Pruner pruner,
      java.time.Duration timeout) throws IOException, InterruptedException {
    boolean exhausted = false;
    while (true) {
      while (!interrupted && !giveUp() && running.size() < parallel && (!exhausted || !retries.isEmpty())) {
        TrialRecord t = retries.isEmpty() ? next.get() : retries.poll();
        if (t == null) {
          exhausted = true;
        } else {
          launch(t, stopping, pruner, timeout);
        }
      }
      if (running.isEmpty()) {
        return;
      }
      TrialProcess.Message message = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      while (message != null) { // all that has arrived, so no trial is judged on news still in the queue
        handle(message);
        message = queue.poll();
      }
      enforceDeadlines();
    }
  }

  /** The failed search trials and their reasons, for the sweep's own failure message. */
  private String failureSummary() {
    List<String> parts = new ArrayList<>();
    for (TrialRecord t : store.trials(sweep.id())) {
      if (t.phase() == Phase.SEARCH && t.state() == TrialState.FAILED) {
        parts.add(t.label() + ": " + t.reason());
      }
    }
    return String.join("; ", parts);
  }

  /** True once max_failed_trials search trials have failed for good. */
  private boolean giveUp() {
    int max = spec.failures().maxFailedTrials();
    return max > 0 && failedSearchTrials() >= max;
  }

  private long failedSearchTrials() {
    return store.trialCounts(sweep.id(), Phase.SEARCH).getOrDefault(TrialState.FAILED, 0);
  }

  /** Kills trials that {@link Liveness} finds overdue; their exit then fails them with its reason. */
  private void enforceDeadlines() {
    for (Running r : running.values()) {
      Optional<String> overdue = r.killed ? Optional.empty() : r.liveness.overdue();
      if (overdue.isEmpty()) {
        continue;
      }
      r.failure = overdue.get();
      r.killed = true;
      store.recordEvent(sweep.id(), r.trial.id(), "killed", r.failure);
      r.process.kill();
    }
  }

  private static boolean outOfMemory(Running r) {
    String tail = r.process.logTail(20).toLowerCase();
    return tail.contains("outofmemoryerror") || tail.contains("out of memory");
  }

  /** The parameters with the per-device batch halved and the accumulation doubled, if the batch can halve. */
  static Optional<Map<String, Object>> halvedBatch(Map<String, Object> params) {
    if (!(params.get("per_device_train_batch_size") instanceof Number b) || b.longValue() < 2
        || b.longValue() % 2 != 0) {
      return Optional.empty();
    }
    Map<String, Object> out = new TreeMap<>(params);
    long accumulation = params.get("gradient_accumulation_steps") instanceof Number a ? a.longValue() : 1;
    out.put("per_device_train_batch_size", b.longValue() / 2);
    out.put("gradient_accumulation_steps", accumulation * 2);
    return Optional.of(out);
  }

  /** ", effective batch B" = per-device batch x accumulation x GPUs, when the trial has those parameters. */
  private static String effectiveBatch(TrialRecord t, DeviceSlots.Slot slot) {
    Object batch = t.params().get("per_device_train_batch_size");
    if (!(batch instanceof Number b)) {
      return "";
    }
    Object acc = t.params().getOrDefault("gradient_accumulation_steps", 1L);
    long accumulation = acc instanceof Number a ? a.longValue() : 1;
    return ", effective batch " + b.longValue() * accumulation * Math.max(1, slot.gpus().size());
  }

  private void launch(TrialRecord t, EarlyStopping stopping, Pruner pruner, java.time.Duration timeout)
      throws IOException {
    Path dir = Path.of(spec.runsDir(), sweep.name(), t.dirName()).toAbsolutePath();
    TrialConfig config = new TrialConfig(sweep.name(), t.id(), t.phase().word(), t.number(), spec.task(),
        taskConfig, t.params(), t.seed(), t.epochs(), spec.metric().name(), spec.metric().goal().word(),
        dir.toString(), t.lastCheckpoint(), t.lastCheckpointEpoch() == null ? 0 : t.lastCheckpointEpoch(),
        Math.min(5.0, spec.trial().heartbeatTimeout().toMillis() / 3000.0), t.bestEpoch(), t.bestValue());
    Path configFile = dir.resolve("trial.json");
    try {
      Files.createDirectories(dir);
      Files.writeString(configFile, Json.pretty(config));
    } catch (IOException e) {
      String why = DiskFull.reason(e).orElse("cannot write " + configFile + ": " + e.getMessage());
      store.finishTrial(t.id(), TrialState.FAILED, why);
      store.recordEvent(sweep.id(), t.id(), "failed", why);
      progress.trialFinished(store.trial(t.id()));
      return;
    }
    DeviceSlots.Slot slot = slots.acquire();
    TrialProcess process;
    try {
      process = TrialProcess.start(t.id(), launcher.command(task.jvmOptions(), configFile), dir.resolve("trial.log"),
          trialEnvironment(slot), queue);
    } catch (IOException e) {
      slots.release(slot);
      store.finishTrial(t.id(), TrialState.FAILED, "cannot start the trial process: " + e.getMessage());
      progress.trialFinished(store.trial(t.id()));
      return;
    }
    store.startTrial(t.id(), dir.toString(), process.pid());
    store.recordEvent(sweep.id(), t.id(), "started", "pid " + process.pid() + " on " + slot.describe()
        + effectiveBatch(t, slot) + (t.lastCheckpoint() != null ? ", resuming from " + t.lastCheckpoint() : ""));
    // The process runs from now (a backend with a queue would make the Liveness when the job leaves it).
    Liveness liveness = new Liveness(spec.trial().startupTimeout(), spec.trial().heartbeatTimeout(), timeout,
        Liveness.MONOTONIC);
    Running r = new Running(store.trial(t.id()), process, stopping, pruner, liveness);
    r.slot = slot;
    for (EpochRecord e : store.epochs(t.id())) {
      Double v = e.metrics().get(spec.metric().name());
      if (v != null) {
        r.history.put(e.epoch(), v);
      }
    }
    running.put(t.id(), r);
    progress.trialStarted(r.trial);
  }

  /**
   * The launcher's environment plus the trial's devices ({@code CUDA_VISIBLE_DEVICES}, so it sees its GPUs as
   * 0..n-1) and the CPU threads it may use: the cores divided between the slots ({@code SWEEP_CPU_THREADS}, and
   * {@code OMP_NUM_THREADS} unless the user set it).
   */
  private Map<String, String> trialEnvironment(DeviceSlots.Slot slot) {
    Map<String, String> env = new HashMap<>(launcher.env());
    if (slot.visibleDevices() != null) {
      env.put("CUDA_VISIBLE_DEVICES", slot.visibleDevices());
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / slots.size());
    env.put("SWEEP_CPU_THREADS", Integer.toString(threads));
    if (System.getenv("OMP_NUM_THREADS") == null) {
      env.put("OMP_NUM_THREADS", Integer.toString(threads));
    }
    return env;
  }

  private void handle(TrialProcess.Message message) throws IOException {
    Running r = running.get(message.from().trialId());
    if (r == null) {
      return;
    }
    long id = r.trial.id();
    if (signOfLife(message)) {
      r.liveness.signOfLife();
    }
    if (message instanceof TrialProcess.Message.Output o) {
      r.process.appendLog(o.line());
    } else if (message instanceof TrialProcess.Message.Exited x) {
      finish(r, x.code());
    } else if (message instanceof TrialProcess.Message.Event ev) {
      TrialEvent e = ev.event();
      if (e instanceof TrialEvent.Started s) {
        store.recordProvenance(id, new Provenance(spec.hash(), r.trial.seed(), r.trial.params(), s.dataHash(),
            gitCommit, BuildInfo.version(), s.javaVersion(), s.os(), s.libraries()));
      } else if (e instanceof TrialEvent.Epoch ep) {
        onEpoch(r, ep);
      } else if (e instanceof TrialEvent.Checkpoint c) {
        if (c.path() != null) {
          store.recordCheckpoint(id, c.epoch(), c.path());
        }
      } else if (e instanceof TrialEvent.Heartbeat) {
        store.heartbeat(id);
      } else if (e instanceof TrialEvent.Finished f) {
        r.finishedMessage = f.message();
      }
    }
  }

  /**
   * Whether the message shows the trial's work alive: a line of output, progress, an epoch, a checkpoint, its end.
   * The process starting ({@code started}) or beating ({@code heartbeat}) does not: a JVM waiting on a hung
   * program does both.
   */
  private static boolean signOfLife(TrialProcess.Message message) {
    return !(message instanceof TrialProcess.Message.Event ev)
        || !(ev.event() instanceof TrialEvent.Started || ev.event() instanceof TrialEvent.Heartbeat);
  }

  private void onEpoch(Running r, TrialEvent.Epoch ep) {
    long id = r.trial.id();
    store.recordEpoch(id, ep.epoch(), recorded(ep));
    if (ep.checkpoint() != null) {
      store.recordCheckpoint(id, ep.epoch(), ep.checkpoint());
    }
    r.trial = store.trial(id);
    Double value = ep.metrics().get(spec.metric().name());
    boolean stop = false;
    if (value != null) {
      if (!Double.isFinite(value)) {
        r.failure = "diverged: " + spec.metric().name() + "=" + value + " at epoch " + ep.epoch();
        r.retryable = false;
        stop = true;
      } else {
        r.history.put(ep.epoch(), value);
        r.history.tailMap(ep.epoch(), false).clear();
        Optional<String> why = r.stopping.check(new ArrayList<>(r.history.values()));
        if (why.isPresent() && ep.epoch() < r.trial.epochs()) {
          r.stopReason = why.get() + " at epoch " + ep.epoch();
          stop = true;
        } else if (r.pruner != null && ep.epoch() < r.trial.epochs()) {
          Optional<String> pruned = prune(r);
          if (pruned.isPresent()) {
            r.pruneReason = pruned.get();
            stop = true;
          }
        }
      }
    }
    for (Map.Entry<String, Double> m : ep.metrics().entrySet()) {
      if (r.failure == null && m.getKey().endsWith("loss") && !Double.isFinite(m.getValue())) {
        r.failure = "diverged: " + m.getKey() + "=" + m.getValue() + " at epoch " + ep.epoch();
        r.retryable = false;
        stop = true;
      }
    }
    r.process.send(stop ? "stop" : "continue");
    progress.epoch(r.trial, ep.epoch(), value, phaseBest(r.trial));
  }

  /** An epoch's metrics as the store keeps them: with the optimizer step count, when reported, under "step". */
  private static Map<String, Double> recorded(TrialEvent.Epoch ep) {
    if (ep.step() == null) {
      return ep.metrics();
    }
    Map<String, Double> m = new TreeMap<>(ep.metrics());
    m.put(EpochRecord.STEP, ep.step().doubleValue());
    return m;
  }

  /** Asks the pruner about the running trial, from the curves of all search trials as recorded. */
  private Optional<String> prune(Running r) {
    List<Curve> all = searchHistory().curves();
    return all.stream().filter(c -> c.number() == r.trial.number()).findFirst()
        .flatMap(own -> r.pruner.check(own, all));
  }

  /** The search trials as the sampler and the pruner see them, read incrementally; made on first use. */
  private SearchHistory searchHistory() {
    if (searchHistory == null) {
      searchHistory = new SearchHistory(store, sweep.id(), spec.metric().name());
    }
    return searchHistory;
  }

  /** The best value of the trial's phase so far: finished trials and this running one. */
  private Double phaseBest(TrialRecord running) {
    Double finished = store.bestTrial(sweep.id(), running.phase()).map(TrialRecord::bestValue).orElse(null);
    Double own = running.bestValue();
    if (finished == null || own == null) {
      return finished == null ? own : finished;
    }
    return spec.metric().goal().better(own, finished) ? own : finished;
  }

  private void finish(Running r, int code) throws IOException {
    if (interrupted) {
      return;
    }
    running.remove(r.trial.id());
    slots.release(r.slot);
    TrialRecord t = store.trial(r.trial.id());
    TrialState state;
    String reason;
    if (r.failure != null) {
      state = TrialState.FAILED;
      reason = r.failure;
    } else if (code != 0) {
      state = TrialState.FAILED;
      String tail = r.process.logTail(5).replaceAll("\\s+", " ").trim();
      reason = "exit code " + code + (tail.isEmpty() ? "" : ": " + tail);
      String said = r.finishedMessage == null ? "" : r.finishedMessage.replaceFirst("^failed: ", "");
      Optional<String> full = DiskFull.reason(r.process.logTail(5) + "\n" + said);
      if (full.isPresent()) { // a retry would find the disk as full
        reason = full.get();
        r.retryable = false;
      }
    } else if (t.bestValue() == null) {
      state = TrialState.FAILED;
      reason = "never reported " + spec.metric().name();
      r.retryable = false;
    } else if (r.pruneReason != null) {
      state = TrialState.PRUNED;
      reason = r.pruneReason;
    } else {
      state = TrialState.COMPLETE;
      reason = r.stopReason != null ? r.stopReason : "ran " + t.lastEpoch() + " of " + t.epochs() + " epochs";
    }
    Optional<Map<String, Object>> smaller = state == TrialState.FAILED && r.retryable && outOfMemory(r)
        ? halvedBatch(t.params()) : Optional.empty();
    if (smaller.isPresent()) {
      String change = "out of memory: retrying with per_device_train_batch_size "
          + smaller.get().get("per_device_train_batch_size") + ", gradient_accumulation_steps "
          + smaller.get().get("gradient_accumulation_steps") + " (same effective batch)";
      store.requeueTrial(t.id(), "attempt " + t.attempts() + " ran out of memory");
      store.updatePendingParams(t.id(), smaller.get(), change);
      retries.add(store.trial(t.id()));
      progress.phase("trial " + t.label() + " " + change);
      return;
    }
    if (state == TrialState.FAILED && r.retryable && t.attempts() <= spec.failures().maxRetries()) {
      store.requeueTrial(t.id(), "attempt " + t.attempts() + " failed (" + reason + "); retrying from "
          + (t.lastCheckpoint() == null ? "the start" : t.lastCheckpoint()));
      retries.add(store.trial(t.id()));
      progress.phase("trial " + t.label() + " failed (" + reason + "); retrying");
      return;
    }
    store.finishTrial(t.id(), state, reason);
    store.recordEvent(sweep.id(), t.id(), state.name().toLowerCase(), reason);
    TrialRecord done = store.trial(t.id());
    if (done.trialDir() != null) {
      Path dir = Path.of(done.trialDir());
      try {
        TrainerState.write(dir, done, store.epochs(done.id()), done.bestCheckpoint());
      } catch (IOException e) { // the trial's record is whole in the store; only this file is missing
        LOG.warn("trial {}: cannot write trainer_state.json: {}", done.label(), DiskFull.reason(e)
            .orElse(e.getMessage()));
        store.recordEvent(sweep.id(), done.id(), "write-failed", DiskFull.reason(e).orElse(e.getMessage()));
      }
    }
    retention.trialEnded(done);
    syncTrial(done);
    retention.trialSynced(done);
    progress.trialFinished(done);
    if (state == TrialState.FAILED) {
      LOG.warn("trial {} failed: {} (log: {})", done.label(), reason, Path.of(String.valueOf(done.trialDir()),
          "trial.log"));
    }
  }

  // ---- artifacts ----

  private String key(String dirName) {
    return "runs/" + ArtifactStore.segment(sweep.name()) + "/" + ArtifactStore.segment(dirName);
  }

  /** Whether trial directories are written inside the artifact store already (a local store holding runs_dir). */
  private boolean runsInStore() {
    return artifacts.localPath("runs").map(p -> p.equals(Path.of(spec.runsDir()).toAbsolutePath().normalize()))
        .orElse(false);
  }

  /**
   * Writes the sweep's spec to {@code runs/<sweep>/spec.json} in the artifact store before any work, so a store
   * that cannot be written (a missing bucket, no permission) fails the sweep at once, not after hours of training.
   */
  private void checkArtifacts() {
    try {
      artifacts.putBytes(key("spec.json"), spec.canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      String why = "cannot write to the artifact store " + artifacts.describe() + ": " + e.getMessage();
      fail(why);
      throw new BadInputException(why);
    }
  }

  /** Mirrors an ended trial's directory; a failure is recorded and retried by {@link #syncAll} at the end. */
  private void syncTrial(TrialRecord t) {
    if (t.trialDir() == null || runsInStore() || !Files.isDirectory(Path.of(t.trialDir()))) {
      return;
    }
    try {
      DirectorySync.Report r = sync.sync(Path.of(t.trialDir()), key(t.dirName()));
      LOG.info("trial {}: {} to {}", t.label(), r.summary(), artifacts.describe());
    } catch (IOException e) {
      LOG.warn("trial {}: sync to {} failed ({}); retried at the end of the sweep", t.label(),
          artifacts.describe(), e.getMessage());
      store.recordEvent(sweep.id(), t.id(), "sync-failed", e.getMessage());
    }
  }

  /**
   * Before the sweep is complete: every ended trial's directory (unchanged ones cost a listing) and the best
   * checkpoint, whose manifest is what {@code sweep best --promote} copies from.
   */
  private void syncAll(boolean best) throws IOException {
    if (!runsInStore()) {
      Path data = Path.of(spec.runsDir(), sweep.name(), "data");
      if (Files.isDirectory(data)) {
        sync.sync(data, key("data"));
      }
      for (TrialRecord t : store.trials(sweep.id())) {
        if (t.state().finished() && t.trialDir() != null && Files.isDirectory(Path.of(t.trialDir()))) {
          sync.sync(Path.of(t.trialDir()), key(t.dirName()));
        }
      }
    }
    if (best) {
      DirectorySync.Report r = sync.sync(Path.of(spec.runsDir(), sweep.name(), "best"), key("best"));
      store.recordEvent(sweep.id(), null, "synced", "best checkpoint to " + artifacts.describe() + "/"
          + key("best") + ": " + r.summary());
      progress.phase("best checkpoint in " + artifacts.describe() + "/" + key("best") + " (" + (runsInStore()
          ? r.files() + " file(s), manifest written" : r.summary()) + ")");
    }
  }

  // ---- the best checkpoint ----

  /**
   * Copies the final trial's best checkpoint to {@code <runs>/<sweep>/best}, model files only (no
   * {@link TrainingStateFiles}), with its {@code trainer_state.json}; returns that path, or null if none.
   */
  private String publishBest(TrialRecord t) throws IOException {
    if (t.bestCheckpoint() == null || t.trialDir() == null) {
      LOG.warn("trial {} wrote no checkpoint at its best epoch; nothing to publish", t.label());
      return null;
    }
    Path source = Path.of(t.trialDir()).resolve(t.bestCheckpoint());
    if (!Files.isDirectory(source)) {
      LOG.warn("the best checkpoint {} is not a directory; nothing to publish", source);
      return null;
    }
    Path best = Path.of(spec.runsDir(), sweep.name(), "best").toAbsolutePath();
    LocalArtifacts.publish(source, best, TrainingStateFiles::excluded);
    // The state as of the published checkpoint (its epoch and step), which is itself the best checkpoint.
    List<EpochRecord> upToBest = store.epochs(t.id()).stream().filter(e -> e.epoch() <= t.bestEpoch()).toList();
    TrainerState.write(best, t, upToBest, ".");
    return best.toString();
  }
}
