package sweep.schedule;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import sweep.backend.RunningTrial;
import sweep.backend.TrialBackend;
import sweep.backend.TrialLaunch;
import sweep.backend.TrialMessage;
import sweep.protocol.TrialEvent;
import sweep.report.Progress;
import sweep.spec.Goal;
import sweep.store.EpochRecord;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.util.DiskFull;

/**
 * Runs trials on the free slots until none is left to run: starts them on the {@link TrialBackend}, records what
 * they report, asks the {@link EpochJudge} at each epoch and answers {@code continue} or {@code stop}, kills those
 * that {@link Liveness} finds overdue (by the injected ticker), and hands each ended attempt to the
 * {@link RetryPolicy}: requeued (retries run before any new trial) or ended ({@link TrialEnding}).
 *
 * <p>One thread runs it; {@link #interrupt} may be called from another (a shutdown hook).
 */
final class Dispatcher {
  /** How long the loop waits for news before it checks the deadlines again. */
  static final Duration TICK = Duration.ofSeconds(1);

  /** The metric the sweep optimises, for progress: its name and goal. */
  record Metric(String name, Goal goal) {}

  private final TrialBackend backend;
  private final Store store;
  private final long sweepId;
  private final Progress progress;
  private final TrialSetup setup;
  private final DeviceSlots slots;
  private final RetryPolicy policy;
  private final TrialEnding ending;
  private final TrialBoards boards;
  private final Metric metric;
  private final Duration startupTimeout;
  private final Duration heartbeatTimeout;
  private final InstantSource ticker;
  private final BooleanSupplier giveUp;
  private final Supplier<SearchHistory> history;
  private final Map<Long, ActiveTrial> running = new ConcurrentHashMap<>();
  /** Trials to run again (crashed, killed) before any new one. */
  private final Deque<TrialRecord> retries = new ArrayDeque<>();
  private volatile boolean interrupted;

  /**
   * @param boards the TensorBoard files, written again as each trial starts and records an epoch
   * @param startupTimeout launch to first sign of life, for {@link Liveness}
   * @param heartbeatTimeout the longest silence after that
   * @param ticker the time deadlines are judged by (monotonic: {@link Liveness#MONOTONIC})
   * @param giveUp true once the sweep has failed too many trials: nothing more is started
   * @param history the search trials' curves, for pruning
   */
  Dispatcher(TrialBackend backend, Store store, long sweepId, Progress progress, TrialSetup setup, DeviceSlots slots,
      RetryPolicy policy, TrialEnding ending, TrialBoards boards, Metric metric, Duration startupTimeout, Duration heartbeatTimeout,
      InstantSource ticker, BooleanSupplier giveUp, Supplier<SearchHistory> history) {
    this.backend = backend;
    this.store = store;
    this.sweepId = sweepId;
    this.progress = progress;
    this.setup = setup;
    this.slots = slots;
    this.policy = policy;
    this.ending = ending;
    this.boards = boards;
    this.metric = metric;
    this.startupTimeout = startupTimeout;
    this.heartbeatTimeout = heartbeatTimeout;
    this.ticker = ticker;
    this.giveUp = giveUp;
    this.history = history;
  }

  /**
   * Starts trials from {@code next} (null: none left), and the retries that come up, on up to {@code parallel}
   * slots, until all have ended or the run is interrupted.
   *
   * @param timeout each trial's wall-time bound, or null for none
   */
  void run(Supplier<TrialRecord> next, int parallel, EpochJudge judge, Duration timeout)
      throws IOException, InterruptedException {
    boolean exhausted = false;
    while (true) {
      while (!interrupted && !giveUp.getAsBoolean() && running.size() < parallel
          && (!exhausted || !retries.isEmpty())) {
        TrialRecord t = retries.isEmpty() ? next.get() : retries.poll();
        if (t == null) {
          exhausted = true;
        } else {
          launch(t, judge, timeout);
        }
      }
      if (running.isEmpty()) {
        return;
      }
      TrialMessage message = backend.poll(TICK);
      while (message != null) { // all that has arrived, so no trial is judged on news still in the queue
        handle(message);
        message = backend.pollNow();
      }
      enforceDeadlines();
    }
  }

  private void launch(TrialRecord t, EpochJudge judge, Duration timeout) {
    DeviceSlots.Slot slot = slots.acquire();
    TrialLaunch launch;
    try {
      launch = setup.launch(t, slot);
    } catch (IOException e) {
      slots.release(slot);
      ending.failedToStart(t, DiskFull.reason(e).orElse("cannot write the " + sweep.artifact.RunLayout.TRIAL_CONFIG
          + " of trial " + t.label() + ": " + e.getMessage()));
      return;
    }
    RunningTrial run;
    try {
      run = backend.start(launch);
    } catch (IOException e) {
      slots.release(slot);
      ending.failedToStart(t, "cannot start the trial process: " + e.getMessage());
      return;
    }
    store.startTrial(t.id(), launch.trialDir().toString(), run.location());
    store.recordEvent(sweepId, t.id(), "started", run.location().describe() + setup.startNote(t, slot));
    track(t.id(), run, judge, slot, timeout);
  }

  /**
   * Takes up the attempts of {@code phase} among those an earlier orchestrator started and the backend carries on
   * ({@link Recovery}; they are removed from {@code carried}), each on a slot of its own as if started here, before
   * {@link #run} starts anything. Its events come again from the start: epochs the store already has are judged
   * again, as they were (the backend does not deliver a verdict the attempt already had), but not recorded again.
   */
  void takeUp(Map<Long, RunningTrial> carried, sweep.store.Phase phase, EpochJudge judge, Duration timeout) {
    for (var it = carried.entrySet().iterator(); it.hasNext(); ) {
      var c = it.next();
      TrialRecord t = store.trial(c.getKey());
      if (t.phase() == phase && t.state() == sweep.store.TrialState.RUNNING) {
        it.remove();
        ActiveTrial a = track(t.id(), c.getValue(), judge, slots.acquire(), timeout);
        a.recordedThrough = t.lastEpoch() == null ? Integer.MIN_VALUE : t.lastEpoch();
      }
    }
  }

  private ActiveTrial track(long trialId, RunningTrial run, EpochJudge judge, DeviceSlots.Slot slot,
      Duration timeout) {
    ActiveTrial a = new ActiveTrial(store.trial(trialId), run, judge, slot, timeout);
    for (EpochRecord e : store.epochs(trialId)) {
      Double v = e.metrics().get(metric.name());
      if (v != null) {
        a.history.put(e.epoch(), v);
      }
    }
    running.put(trialId, a);
    boards.trial(trialId);
    progress.trialStarted(a.trial);
    return a;
  }

  private void handle(TrialMessage message) {
    ActiveTrial a = running.get(message.trialId());
    if (a == null) {
      return;
    }
    if (message instanceof TrialMessage.Began) {
      a.liveness = new Liveness(startupTimeout, heartbeatTimeout, a.timeout, ticker);
      return;
    }
    if (signOfLife(message) && a.liveness != null) {
      a.liveness.signOfLife();
    }
    long id = a.trial.id();
    if (message instanceof TrialMessage.Exited x) {
      ended(a, x);
    } else if (message instanceof TrialMessage.Event ev) {
      TrialEvent e = ev.event();
      if (e instanceof TrialEvent.Started s) {
        store.recordProvenance(id, setup.provenance(a.trial, s));
      } else if (e instanceof TrialEvent.Epoch ep) {
        epoch(a, ep);
      } else if (e instanceof TrialEvent.Checkpoint c && c.path() != null && c.epoch() > a.recordedThrough) {
        store.recordCheckpoint(id, c.epoch(), c.path());
      } else if (e instanceof TrialEvent.Heartbeat) {
        store.heartbeat(id);
      } else if (e instanceof TrialEvent.Finished f) {
        a.finishedMessage = f.message();
      }
    }
  }

  /**
   * Whether the message shows the trial's work alive: a line of output, progress, an epoch, a checkpoint, its end.
   * The process starting ({@code started}) or beating ({@code heartbeat}) does not: a JVM waiting on a hung
   * program does both.
   */
  static boolean signOfLife(TrialMessage message) {
    return !(message instanceof TrialMessage.Event ev)
        || !(ev.event() instanceof TrialEvent.Started || ev.event() instanceof TrialEvent.Heartbeat);
  }

  private void epoch(ActiveTrial a, TrialEvent.Epoch ep) {
    long id = a.trial.id();
    boolean replayed = ep.epoch() <= a.recordedThrough;
    if (!replayed) {
      store.recordEpoch(id, ep.epoch(), recorded(ep));
      if (ep.checkpoint() != null) {
        store.recordCheckpoint(id, ep.epoch(), ep.checkpoint());
      }
    }
    a.trial = store.trial(id);
    boards.trial(id);
    Double value = ep.metrics().get(metric.name());
    if (value != null && Double.isFinite(value)) {
      a.record(ep.epoch(), value);
    }
    EpochJudge.Verdict verdict = a.judge.judge(a.trial.number(), ep.epoch(), a.trial.epochs(), ep.metrics(),
        a.values(), () -> history.get().curves());
    a.apply(verdict);
    a.run.send(verdict.stops() ? "stop" : "continue");
    if (!replayed) {
      progress.epoch(a.trial, ep.epoch(), value, phaseBest(a.trial));
    }
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

  /** The best value of the trial's phase so far: finished trials and this running one. */
  private Double phaseBest(TrialRecord t) {
    Double finished = store.bestTrial(sweepId, t.phase()).map(TrialRecord::bestValue).orElse(null);
    Double own = t.bestValue();
    if (finished == null || own == null) {
      return finished == null ? own : finished;
    }
    return metric.goal().better(own, finished) ? own : finished;
  }

  private void ended(ActiveTrial a, TrialMessage.Exited x) {
    if (interrupted) {
      return;
    }
    running.remove(a.trial.id());
    slots.release(a.slot);
    if (x.failure() != null && a.failure == null) { // the backend ended it (a cluster's time limit)
      a.failure = x.failure();
      store.recordEvent(sweepId, a.trial.id(), "killed", a.failure);
    }
    TrialRecord t = store.trial(a.trial.id());
    RetryPolicy.Decision d = policy.decide(new RetryPolicy.Ended(t.label(), t.attempts(), t.params(), x.code(),
        x.preempted(), a.failure, a.retryable, a.stopReason, a.pruneReason, t.bestValue() != null, t.lastEpoch(),
        t.epochs(), t.lastCheckpoint(), a.finishedMessage, a.run.logTail(RetryPolicy.TAIL_LINES)));
    if (d instanceof RetryPolicy.Decision.Requeue r) {
      store.requeueTrial(t.id(), r.reason());
      if (r.params() != null) {
        store.updatePendingParams(t.id(), r.params().params(), r.paramsChange());
      }
      retries.add(store.trial(t.id()));
      progress.phase(r.note());
    } else if (d instanceof RetryPolicy.Decision.Finish f) {
      ending.end(t.id(), f.state(), f.reason());
    }
  }

  /** Kills trials that {@link Liveness} finds overdue; their exit then fails them with its reason. */
  private void enforceDeadlines() {
    for (ActiveTrial a : running.values()) {
      Optional<String> overdue = a.killed || a.liveness == null ? Optional.empty() : a.liveness.overdue();
      if (overdue.isEmpty()) {
        continue;
      }
      a.failure = overdue.get();
      a.killed = true;
      store.recordEvent(sweepId, a.trial.id(), "killed", a.failure);
      a.run.kill();
    }
  }

  /**
   * Stops the dispatch (nothing started or ended any more: running trials stay RUNNING in the store, for resume),
   * asks every running trial to stop, waits up to {@code grace} for them to exit, then kills what is left.
   */
  void interrupt(Duration grace) {
    interrupted = true;
    List<ActiveTrial> all = new ArrayList<>(running.values());
    all.forEach(a -> a.run.send("stop"));
    long deadline = System.nanoTime() + grace.toNanos();
    for (ActiveTrial a : all) {
      while (a.run.alive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (a.run.alive()) {
        a.run.kill();
      }
    }
  }

  boolean interrupted() {
    return interrupted;
  }
}
