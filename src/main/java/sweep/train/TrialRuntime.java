package sweep.train;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import sweep.protocol.EventCodec;
import sweep.protocol.TrialConfig;
import sweep.protocol.TrialEvent;
import sweep.util.BuildInfo;
import sweep.util.Json;

/**
 * The trial side of the protocol, run by {@code sweep trial}: reads the config, keeps stdout for events only
 * (everything else printed goes to stderr, the trial's log), answers to {@code stop} and to the end of stdin,
 * sends heartbeats (the process is up) and progress (the work moved, as the task says through {@link #progress}),
 * and runs the task.
 */
public final class TrialRuntime implements TrialContext {
  private final TrialConfig config;
  private final PrintStream events;
  private final BlockingQueue<Boolean> decisions = new LinkedBlockingQueue<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  /** Set by {@link #progress}, cleared when a {@link TrialEvent.Progress} reports it. */
  private final AtomicBoolean progressed = new AtomicBoolean();
  private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
  private volatile String dataHash;
  private volatile boolean startedSent;

  private TrialRuntime(TrialConfig config, PrintStream events) {
    this.config = config;
    this.events = events;
  }

  /** Runs the trial described by {@code configFile}; returns the process exit code. */
  public static int run(Path configFile) throws Exception {
    sweep.util.Secrets.install(sweep.util.Secrets.of(System.getenv(),
        sweep.util.Secrets.names(System.getenv(sweep.util.Secrets.NAMES_VARIABLE))));
    TrialConfig config = Json.mapper().readValue(sweep.util.Secrets.fill(Files.readString(configFile),
        System.getenv()), TrialConfig.class);
    PrintStream events = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err);
    TaskType task = TaskTypes.named(config.task())
        .orElseThrow(() -> new IllegalArgumentException("unknown task type " + config.task()));
    TrialRuntime runtime = new TrialRuntime(config, events);
    runtime.listen();
    runtime.watchParent();
    runtime.heartbeats();
    try {
      task.run(runtime);
    } catch (Exception e) {
      e.printStackTrace(System.err);
      String why = e.getMessage() != null ? e.getMessage() : e.toString();
      System.err.println("trial failed: " + why);
      runtime.sendStarted();
      // also on stdout: the log is on the trial's disk, which may be the full one
      runtime.emit(new TrialEvent.Finished("failed: " + why));
      return 1;
    }
    runtime.sendStarted();
    runtime.emit(new TrialEvent.Finished(runtime.stopRequested() ? "stopped on request" : "finished"));
    return 0;
  }

  private void listen() {
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          switch (line.trim()) {
            case "continue" -> decisions.add(true);
            case "stop" -> requestStop();
            default -> System.err.println("ignored unknown instruction: " + line);
          }
        }
      } catch (java.io.IOException e) {
        // the parent is gone: same as end of input
      }
      requestStop();
    }, "trial-stdin");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The orchestrator gone (killed, even by SIGKILL, which closes no pipe when something else holds it open): the same
   * as {@code stop}, so the task ends its program and this JVM exits rather than work for nobody.
   */
  private void watchParent() {
    ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(this::requestStop));
  }

  private void requestStop() {
    if (stop.compareAndSet(false, true)) {
      stopActions.forEach(Runnable::run);
    }
    decisions.add(false);
  }

  /** How often progress is reported at most, so a chatty program costs a few event lines a second. */
  private static final long PROGRESS_MILLIS = 250;

  /**
   * Reports progress (if any) every {@link #PROGRESS_MILLIS} and a heartbeat every {@code heartbeatSeconds}; the
   * orchestrator learns of the work's last step within a quarter second.
   */
  private void heartbeats() {
    long periodMillis = (long) (Math.max(0.05, config.heartbeatSeconds()) * 1000);
    long tickMillis = Math.min(PROGRESS_MILLIS, periodMillis);
    Thread t = new Thread(() -> {
      long sinceBeat = 0;
      while (true) {
        try {
          Thread.sleep(tickMillis);
        } catch (InterruptedException e) {
          return;
        }
        if (progressed.getAndSet(false)) {
          emit(new TrialEvent.Progress());
        }
        sinceBeat += tickMillis;
        if (sinceBeat >= periodMillis) {
          sinceBeat = 0;
          emit(new TrialEvent.Heartbeat());
        }
      }
    }, "trial-heartbeat");
    t.setDaemon(true);
    t.start();
  }

  private synchronized void emit(TrialEvent e) {
    if (!startedSent && !(e instanceof TrialEvent.Started)) {
      sendStarted();
    }
    events.println(EventCodec.encode(e));
  }

  private synchronized void sendStarted() {
    if (!startedSent) {
      startedSent = true;
      events.println(EventCodec.encode(new TrialEvent.Started(ProcessHandle.current().pid(), BuildInfo.javaVersion(),
          BuildInfo.os(), BuildInfo.libraries(), dataHash, TrialParams.cpuThreads())));
    }
  }

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
    sendStarted();
  }

  @Override
  public boolean reportEpoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint) {
    emit(new TrialEvent.Epoch(epoch, metrics, checkpoint, step));
    if (stop.get()) {
      return false;
    }
    try {
      return decisions.take() && !stop.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void reportEpochNoWait(int epoch, Map<String, Double> metrics, String checkpoint) {
    emit(new TrialEvent.Epoch(epoch, metrics, checkpoint));
  }

  @Override
  public void progress() {
    progressed.set(true);
  }

  @Override
  public void reportCheckpoint(int epoch, String checkpoint) {
    emit(new TrialEvent.Checkpoint(epoch, checkpoint));
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
}
