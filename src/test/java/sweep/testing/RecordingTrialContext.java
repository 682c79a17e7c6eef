package sweep.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import sweep.protocol.TrialConfig;
import sweep.train.TrialContext;

/**
 * A {@link TrialContext} in the test's own JVM, standing in for {@link sweep.train.TrialRuntime} and the
 * orchestrator behind it: it records every call a task makes (epoch reports, waiting or not, checkpoints, progress,
 * the data hash) and answers as an orchestrator would, "continue" until a chosen epoch and "stop" from then on.
 *
 * <p>A stop is answered as the runtime answers the orchestrator's {@code stop}: {@link #stopRequested()} turns
 * true, the {@link #onStop} actions run (once, on a thread of their own, as the runtime runs them on its stdin
 * thread), and the waiting report returns false, as does every later one. Thread-safe: a task may report from any
 * thread (the command task reports from the thread reading its program's output).
 */
public final class RecordingTrialContext implements TrialContext {
  /** Never answer stop. */
  public static final int NEVER = Integer.MAX_VALUE;

  /** One call that reported something, in the order the calls came. */
  public sealed interface Call permits Epoch, Checkpoint {}

  /**
   * An epoch report.
   *
   * @param waited true for {@link #reportEpoch}, false for {@link #reportEpochNoWait}
   * @param stopAnswered whether this report was answered (or, not waiting, followed) by a stop
   */
  public record Epoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint, boolean waited,
      boolean stopAnswered) implements Call {}

  /** A checkpoint reported apart from an epoch ({@link #reportCheckpoint}). */
  public record Checkpoint(int epoch, String checkpoint) implements Call {}

  private final TrialConfig config;
  private final int stopAt;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong progress = new AtomicLong();
  private volatile long stopNanos;
  private volatile String dataHash;

  /**
   * @param config what the task is given (build it with {@link #config})
   * @param stopAt the epoch whose report is answered "stop" (a later one too); {@link #NEVER} to go on to the end
   */
  public RecordingTrialContext(TrialConfig config, int stopAt) {
    this.config = config;
    this.stopAt = stopAt;
  }

  /**
   * A trial's configuration as the orchestrator writes it (search phase, trial 0, heartbeat every 30 s).
   *
   * @param resumeCheckpoint relative to {@code trialDir}, or null for a fresh start
   */
  public static TrialConfig config(String task, com.fasterxml.jackson.databind.JsonNode taskConfig,
      Map<String, Object> params, long seed, int epochs, String metric, String goal, Path trialDir,
      String resumeCheckpoint, int resumeEpoch, Integer bestEpoch, Double bestValue) {
    return new TrialConfig("contract", 1, "search", 0, task, taskConfig, params, seed, epochs, metric, goal,
        trialDir.toString(), resumeCheckpoint, resumeEpoch, 30, bestEpoch, bestValue);
  }

  // ---- TrialContext ----

  @Override
  public TrialConfig config() {
    return config;
  }

  @Override
  public Path trialDir() {
    return Path.of(config.trialDir());
  }

  @Override
  public Optional<Path> resumeCheckpoint() {
    return Optional.ofNullable(config.resumeCheckpoint()).map(trialDir()::resolve);
  }

  @Override
  public void dataHash(String hash) {
    this.dataHash = hash;
  }

  @Override
  public boolean reportEpoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint) {
    boolean stopNow = stop.get() || epoch >= stopAt;
    calls.add(new Epoch(epoch, step, new TreeMap<>(metrics), checkpoint, true, stopNow));
    if (stopNow) {
      requestStop();
    }
    return !stopNow;
  }

  @Override
  public void reportEpochNoWait(int epoch, Map<String, Double> metrics, String checkpoint) {
    boolean stopNow = stop.get() || epoch >= stopAt;
    calls.add(new Epoch(epoch, null, new TreeMap<>(metrics), checkpoint, false, stopNow));
    if (stopNow) {
      requestStop();
    }
  }

  @Override
  public void progress() {
    progress.incrementAndGet();
  }

  @Override
  public void reportCheckpoint(int epoch, String checkpoint) {
    calls.add(new Checkpoint(epoch, checkpoint));
  }

  @Override
  public boolean stopRequested() {
    return stop.get();
  }

  @Override
  public void onStop(Runnable action) {
    stopActions.add(action);
    if (stop.get()) {
      action.run();
    }
  }

  private void requestStop() {
    if (stop.compareAndSet(false, true)) {
      stopNanos = System.nanoTime();
      stopped.countDown();
      Thread t = new Thread(() -> stopActions.forEach(Runnable::run), "recording-stop-actions");
      t.setDaemon(true);
      t.start();
    }
  }

  // ---- what was recorded ----

  /** Every report, in the order it came. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The epoch reports, in the order they came. */
  public List<Epoch> epochReports() {
    List<Epoch> out = new ArrayList<>();
    for (Call c : calls) {
      if (c instanceof Epoch e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The epochs reported, in the order they came (an epoch reported twice appears twice). */
  public List<Integer> epochs() {
    return epochReports().stream().map(Epoch::epoch).toList();
  }

  /** The metrics of each epoch reported (the last report of an epoch, should there be two). */
  public Map<Integer, Map<String, Double>> metricsByEpoch() {
    Map<Integer, Map<String, Double>> out = new TreeMap<>();
    epochReports().forEach(e -> out.put(e.epoch(), e.metrics()));
    return out;
  }

  /**
   * The checkpoint recorded for {@code epoch} as the orchestrator records it: the last one reported for that
   * epoch, with its epoch report or apart from it; empty when none was.
   */
  public Optional<String> checkpointOf(int epoch) {
    String last = null;
    for (Call c : calls) {
      if (c instanceof Epoch e && e.epoch() == epoch && e.checkpoint() != null) {
        last = e.checkpoint();
      } else if (c instanceof Checkpoint k && k.epoch() == epoch && k.checkpoint() != null) {
        last = k.checkpoint();
      }
    }
    return Optional.ofNullable(last);
  }

  /** How many times the task said its work progressed. */
  public long progressCount() {
    return progress.get();
  }

  /** The data hash the task reported, or null. */
  public String dataHash() {
    return dataHash;
  }

  /** When the stop was answered ({@link System#nanoTime()}), if it was. */
  public Optional<Long> stopAnsweredNanos() {
    return stop.get() ? Optional.of(stopNanos) : Optional.empty();
  }

  /** Waits until a stop is answered; false when none was within {@code timeout}. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
