package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sweep.artifact.ArtifactStore;
import sweep.artifact.RunIdentity;
import sweep.artifact.RunLayout;
import sweep.backend.TrialBackend;
import sweep.prune.EarlyStopping;
import sweep.prune.EarlierTrials;
import sweep.prune.Pruner;
import sweep.prune.Pruners;
import sweep.report.Progress;
import sweep.report.Tables;
import sweep.report.tensorboard.SweepBoard;
import sweep.search.Samplers;
import sweep.spec.SweepSpec;
import sweep.store.DataSnapshot;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.train.TaskType;
import sweep.util.BadInputException;

/**
 * Runs a sweep from start (or from where it stopped) to its end, phase by phase: open (or resume) it, requeue what
 * an earlier run left running ({@link Recovery}), fix its data ({@link DataPreparation}), search ({@link
 * SearchTrials} on the {@link Dispatcher}), retrain the best parameters, and publish the better of the retrain and
 * its source ({@link PublishChoice}, {@link RunPublisher}). Each phase's work is done by those parts; this class
 * only sequences them and records the sweep's state.
 *
 * <p>Given a {@link Replay} ({@code sweep reproduce}), the search is one recorded trial run again with the same
 * parts, on the recorded data and thread count, and there is no retrain.
 *
 * <p>Everything a trial reports is written to the {@link Store} as it arrives and a trial's parameters are recorded
 * before it starts, so after a crash {@link #run} with {@code resume} carries on: trials still RUNNING are taken up
 * where the backend can carry them on (a cluster's jobs) and otherwise requeued from their last checkpoint, PENDING
 * ones are started, and only the missing trial numbers are created.
 */
public final class SweepRunner {
  /** The exit code of a run stopped by {@link #interrupt}. */
  public static final int INTERRUPTED = 130;

  /** What the run came to: the exit code for the CLI and a one-line summary. */
  public record Outcome(int exitCode, String summary, SweepRecord sweep) {}

  private final SweepSpec spec;
  private final TaskType task;
  private final Store store;
  private final Progress progress;
  private final TrialBackend backend;
  private final Map<String, String> env;
  private final RunLayout layout;
  private final RunPublisher publisher;
  private final RunRetention retention;
  private final ArtifactStore artifacts;
  private volatile SweepRecord sweep;
  private volatile Dispatcher dispatcher;
  /** Attempts an earlier orchestrator started that the backend carries on, until the dispatcher takes them up. */
  private Map<Long, sweep.backend.RunningTrial> carried = Map.of();
  /** Set by {@link #interrupt}: nothing more is started or finished; running trials stay RUNNING for resume. */
  private volatile boolean interrupted;
  /** The one recorded trial to run again instead of a search, or null. */
  private Replay replay;

  /**
   * @param backend where trials run
   * @param artifacts the store named by the spec's {@code artifacts}: trial directories are synced to it as they
   *     end (when it is not where they are written), and the best checkpoint with its manifest before the sweep is
   *     complete
   * @param env the environment the data source is read with (AWS settings and credentials)
   */
  public SweepRunner(SweepSpec spec, TaskType task, Store store, Progress progress, TrialBackend backend,
      ArtifactStore artifacts, Map<String, String> env) {
    this.spec = spec;
    this.task = task;
    this.store = store;
    this.progress = progress;
    this.backend = backend;
    this.env = Map.copyOf(env);
    this.layout = new RunLayout(Path.of(spec.runsDir()), spec.name());
    this.artifacts = artifacts;
    this.publisher = new RunPublisher(layout, artifacts, store, () -> sweep.id(), progress);
    this.retention = new RunRetention(spec, store, artifacts, () -> sweep, publisher::runsInStore, layout);
  }

  /** Makes {@link #run} run {@code r}'s one trial instead of a search and a retrain ({@code sweep reproduce}). */
  public SweepRunner replaying(Replay r) {
    this.replay = r;
    return this;
  }

  public Outcome run(boolean resume) throws IOException, InterruptedException {
    sweep = SweepOpening.open(store, spec, resume);
    if (replay != null && store.events(sweep.id()).stream().noneMatch(e -> e.type().equals(Replay.EVENT))) {
      store.recordEvent(sweep.id(), null, Replay.EVENT, replay.origin());
    }
    retention.deleteOldSweeps();
    if (sweep.state() == SweepState.COMPLETE) {
      return new Outcome(0, "sweep '" + sweep.name() + "' is already complete", sweep);
    }
    store.setSweepState(sweep.id(), SweepState.RUNNING, null);
    DeviceSlots slots = spec.backend() instanceof sweep.spec.BackendSpec.Slurm
        ? DeviceSlots.jobs(spec.maxParallel(), Backends.gpusPerJob(spec))
        : DeviceSlots.plan(spec.devices(), replay != null ? 1 : spec.maxParallel());
    carried = Recovery.recover(store, sweep.id(), backend, layout, slots.size());
    try {
      publisher.claim(new RunIdentity(sweep.uid(), sweep.name(), store.describe()));
      publisher.writeSpec(spec.canonicalJson());
    } catch (BadInputException e) { // another database's sweep of this name holds the run directory
      store.setSweepState(sweep.id(), SweepState.FAILED, e.getMessage()); // recorded; the error is its one line
      throw e;
    } catch (IOException e) {
      String why = "cannot write to the artifact store " + publisher.describe() + ": " + e.getMessage();
      fail(why);
      throw new BadInputException(why);
    }
    JsonNode taskConfig = DataPreparation.prepare(store, sweep.id(), task,
        replay != null ? replay.taskConfig() : spec.taskConfig(), layout, env, progress, this::fail);
    if (replay != null) {
      checkReplayData();
    }
    TrialSetup setup = new TrialSetup(spec, task, layout, taskConfig, GitInfo.commit(specDir()), slots.size(),
        replay != null ? replay.cpuThreads() : null, publisher::checkIdentity);
    String needs;
    try {
      needs = backend.checkNeeds(store.dataSnapshot(sweep.id()).map(SweepRunner::dataRead).orElse(null), env);
    } catch (BadInputException e) { // a node could not run a trial: recorded; the error is its one line
      fail(e.getMessage());
      throw e;
    }
    if (needs != null) {
      progress.phase(needs);
    }
    SearchHistory history = new SearchHistory(store, sweep.id(), spec.metric());
    TrialBoards boards = new TrialBoards(new SweepBoard(layout.tensorBoard(), spec.parameters()), store, sweep.id());
    boards.experiment(sweep.name(), sweep.createdAt(), spec.metric().name(),
        spec.metric().goal().name().toLowerCase());
    dispatcher = new Dispatcher(backend, store, sweep.id(), progress, setup, slots,
        new RetryPolicy(spec.failures().maxRetries(), spec.metric().name(), task::shrinkForMemory),
        new TrialEnding(store, sweep.id(), retention, publisher, progress, boards), boards,
        new Dispatcher.Metric(spec.metric().name(), spec.metric().goal()), spec.trial().startupTimeout(),
        spec.trial().heartbeatTimeout(), Liveness.MONOTONIC, this::giveUp, () -> history);
    if (interrupted) {
      dispatcher.interrupt(Duration.ZERO);
    }

    progress.phase(replay != null ? "reproduce: " + replay.origin() + ", " + replay.stopAfter() + " of "
        + replay.epochs() + " epoch(s) on " + slots.describe()
        : "search: " + spec.runCap() + " trials, " + spec.method().word() + ", up to " + slots.size() + " at once on "
        + slots.describe());
    EarlierTrials earlier = replay != null ? EarlierTrials.NONE
        : WarmStarts.resolve(spec, store, sweep, progress::phase);
    List<Map<String, Object>> initial = replay != null ? List.of()
        : FirstTrials.resolve(spec, store, sweep, artifacts, progress::phase);
    Pruner pruner = replay != null ? null : earlier.pruner(Pruners.forSpec(spec).orElse(null));
    EpochJudge judge = replay != null
        ? new EpochJudge(spec.metric().name(), new EarlyStopping(spec.metric().goal(), 0, 0.0), null,
            replay.stopAfter())
        : new EpochJudge(spec.metric().name(), new EarlyStopping(spec.metric().goal(),
            spec.trial().earlyStoppingPatience(), spec.trial().earlyStoppingThreshold()), pruner);
    dispatcher.takeUp(carried, Phase.SEARCH, judge, spec.trial().timeout());
    dispatcher.run(replay != null ? once(replayTrial())
        : new SearchTrials(spec, store, sweep.id(), Samplers.forSpec(spec), history, pruner, earlier, initial),
        slots.size(), judge, spec.trial().timeout());
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
    if (spec.retrain().enabled() && replay == null) {
      progress.phase("retrain: trial " + source.label() + " for " + spec.retrain().epochs() + " epochs");
      retrained = retrain(source);
      if (retrained.isEmpty()) {
        return fail("the retrain of trial " + source.label() + " failed; `sweep run --resume` tries again");
      }
    }
    return publish(PublishChoice.of(source, retrained, spec.metric().name(), spec.metric().goal()));
  }

  /** The file or directory the trials read their data from: the snapshot, or a local source read as it is. */
  private static Path dataRead(sweep.store.DataSnapshot d) {
    return d.path() != null ? Path.of(d.path())
        : d.source().startsWith("file:") ? Path.of(d.source().substring("file:".length())) : null;
  }

  private Path specDir() {
    return Path.of(spec.file()).toAbsolutePath().getParent();
  }

  /** The retrain of {@code source}'s parameters: the one already done, or run now (the pending one, or a new one). */
  private Optional<TrialRecord> retrain(TrialRecord source) throws IOException, InterruptedException {
    List<TrialRecord> retrains = store.trials(sweep.id()).stream().filter(t -> t.phase() == Phase.RETRAIN).toList();
    Optional<TrialRecord> done = retrains.stream().filter(t -> t.state() == TrialState.COMPLETE).findFirst();
    if (done.isPresent()) {
      return done;
    }
    // a RUNNING one is carried on from an earlier orchestrator (Recovery requeued any other)
    TrialRecord trial = retrains.stream().filter(t -> t.state() == TrialState.RUNNING).findFirst()
        .or(() -> retrains.stream().filter(t -> t.state() == TrialState.PENDING).findFirst())
        .orElseGet(() -> {
          TrialRecord t = store.createTrial(new NewTrial(sweep.id(), Phase.RETRAIN, retrains.size(), source.params(),
              source.seed(), spec.retrain().epochs(), source.id()));
          store.recordEvent(sweep.id(), t.id(), "created", "retrain of trial " + source.label());
          return t;
        });
    EpochJudge judge = new EpochJudge(spec.metric().name(), new EarlyStopping(spec.metric().goal(),
        spec.retrain().earlyStoppingPatience(), spec.retrain().earlyStoppingThreshold()), null);
    dispatcher.takeUp(carried, Phase.RETRAIN, judge, spec.retrain().timeout());
    dispatcher.run(once(trial.state() == TrialState.PENDING ? trial : null), 1, judge, spec.retrain().timeout());
    TrialRecord finished = store.trial(trial.id());
    return finished.state() == TrialState.COMPLETE && finished.bestValue() != null
        ? Optional.of(finished) : Optional.empty();
  }

  /** Gives {@code trial} once (nothing when it is null), then nothing. */
  private static java.util.function.Supplier<TrialRecord> once(TrialRecord trial) {
    TrialRecord[] left = {trial};
    return () -> {
      TrialRecord t = left[0];
      left[0] = null;
      return t;
    };
  }

  /** The replay's trial: created with the recorded parameters and seed, or the pending one of an earlier run. */
  private TrialRecord replayTrial() {
    Optional<TrialRecord> existing = store.trials(sweep.id()).stream().filter(t -> t.phase() == Phase.SEARCH)
        .findFirst();
    if (existing.isPresent()) {
      return existing.get().state() == TrialState.PENDING ? existing.get() : null;
    }
    TrialRecord t = store.createTrial(new NewTrial(sweep.id(), Phase.SEARCH, 0, replay.params(), replay.seed(),
        replay.epochs(), null));
    store.recordEvent(sweep.id(), t.id(), "created", replay.origin());
    return t;
  }

  /** The replay's data must be the recorded data: the same hash, or the sweep fails before its trial (exit 2). */
  private void checkReplayData() {
    String now = store.dataSnapshot(sweep.id()).map(DataSnapshot::dataHash).orElse(null);
    if (replay.dataHash() != null && now != null && !now.equals(replay.dataHash())) {
      String why = "the data the trial trained on no longer reads the same (data hash " + abbreviated(replay
          .dataHash()) + " then, " + abbreviated(now) + " now) and its snapshot cannot be made again; restore the"
          + " data as it was (the artifact store keeps each sweep's snapshot under runs/<sweep>/data/) and retry";
      fail(why);
      throw new BadInputException(why);
    }
  }

  private static String abbreviated(String hash) {
    return hash.substring(0, Math.min(12, hash.length()));
  }

  /** Publishes the chosen trial's best checkpoint, syncs the run, and records the sweep COMPLETE. */
  private Outcome publish(PublishChoice choice) throws IOException {
    TrialRecord finalTrial = choice.chosen();
    progress.phase(choice.reason());
    String published = publisher.publishBest(finalTrial);
    try {
      publisher.syncAll(store.trials(sweep.id()), published != null);
    } catch (IOException e) {
      return fail("the run directories are not all in " + publisher.describe() + " (" + e.getMessage()
          + "); `sweep run --resume` syncs them again");
    }
    store.setSweepBest(sweep.id(), finalTrial.id(), published);
    store.recordEvent(sweep.id(), finalTrial.id(), PublishChoice.EVENT, choice.reason());
    store.setSweepState(sweep.id(), SweepState.COMPLETE, null);
    store.recordEvent(sweep.id(), finalTrial.id(), "complete", "best " + spec.metric().name() + "="
        + finalTrial.bestValue() + " from trial " + finalTrial.label());
    retention.deleteSyncedTrials(store.trials(sweep.id()));
    sweep = store.sweep(sweep.name()).orElseThrow();
    String best = spec.metric().name() + "=" + Tables.number(finalTrial.bestValue());
    progress.phase("done: best " + best + " (trial " + finalTrial.label() + ", epoch " + finalTrial.bestEpoch() + ")");
    return new Outcome(0, "sweep '" + sweep.name() + "' complete: best " + best + " from trial " + finalTrial.label()
        + " at epoch " + finalTrial.bestEpoch() + (published != null ? ", checkpoint " + published : ""), sweep);
  }

  /**
   * Called from a shutdown hook (SIGINT, SIGTERM): asks every running trial to stop, waits up to {@code grace} for
   * them to exit, and records the sweep as INTERRUPTED. Trials stay RUNNING in the store, so
   * {@code sweep run --resume} requeues them from their last checkpoint.
   */
  public void interrupt(String why, Duration grace) {
    interrupted = true;
    SweepRecord s = sweep;
    if (s == null) {
      return;
    }
    Dispatcher d = dispatcher;
    if (d != null) {
      d.interrupt(grace);
    }
    try {
      store.setSweepState(s.id(), SweepState.INTERRUPTED, why + "; `sweep run --resume` carries on");
      store.recordEvent(s.id(), null, "interrupted", why);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(SweepRunner.class).warn("could not record the interruption: {}",
          e.getMessage());
    }
  }

  private Outcome fail(String reason) {
    store.setSweepState(sweep.id(), SweepState.FAILED, reason);
    store.recordEvent(sweep.id(), null, "failed", reason);
    progress.phase("failed: " + reason);
    return new Outcome(1, "sweep '" + sweep.name() + "' failed: " + reason, store.sweep(sweep.name()).orElseThrow());
  }

  /** The failed search trials and their reasons, for the sweep's own failure message. */
  private String failureSummary() {
    return String.join("; ", store.trials(sweep.id()).stream()
        .filter(t -> t.phase() == Phase.SEARCH && t.state() == TrialState.FAILED)
        .map(t -> t.label() + ": " + t.reason()).toList());
  }

  /** True once max_failed_trials search trials have failed for good. */
  private boolean giveUp() {
    int max = spec.failures().maxFailedTrials();
    return max > 0 && failedSearchTrials() >= max;
  }

  private long failedSearchTrials() {
    return store.trialCounts(sweep.id(), Phase.SEARCH).getOrDefault(TrialState.FAILED, 0);
  }
}
