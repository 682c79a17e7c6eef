package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.artifact.RunLayout;
import sweep.report.tensorboard.SweepBoard;
import sweep.backend.RunningTrial;
import sweep.backend.TrialBackend;
import sweep.backend.TrialLaunch;
import sweep.backend.TrialMessage;
import sweep.prune.EarlyStopping;
import sweep.protocol.TrialEvent;
import sweep.report.LogLines;
import sweep.search.Draws;
import sweep.spec.Goal;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.store.EventRecord;
import sweep.store.NewSweep;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialLocation;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.train.TaskType;
import sweep.train.TaskTypes;

/**
 * The dispatcher with a scripted backend and a ticker that moves only when the dispatcher waits for news: slots,
 * deadlines, judging and retries, exactly, with no process started.
 */
class DispatcherTest {
  @TempDir Path dir;
  private Store store;
  private ArtifactStore artifacts;
  private LogLines progress;
  private SweepSpec spec;
  private SweepRecord sweep;
  private final Ticker ticker = new Ticker();
  private final ScriptedBackend backend = new ScriptedBackend();

  /** Time that moves only when the dispatcher waits ({@link ScriptedBackend#poll}) or a test says so. */
  static final class Ticker implements InstantSource {
    Instant now = Instant.EPOCH;

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** How a scripted trial behaves: messages when it starts, when told something, when killed. */
  interface Script {
    List<TrialMessage> started(long id);

    List<TrialMessage> told(long id, String instruction);

    default List<TrialMessage> killed(long id) {
      return List.of(new TrialMessage.Exited(id, 137, false));
    }
  }

  /** A backend whose trials follow scripts; messages may be held until the ticker reaches a time. */
  final class ScriptedBackend implements TrialBackend {
    final List<String> actions = new ArrayList<>();
    final Deque<TrialMessage> queue = new ArrayDeque<>();
    final List<Map.Entry<Instant, TrialMessage>> held = new ArrayList<>();
    Function<TrialRecord, Script> scripts;
    int running;
    int mostRunning;

    @Override
    public String name() {
      return "scripted";
    }

    void deliver(List<TrialMessage> messages) {
      for (TrialMessage m : messages) {
        if (m instanceof TrialMessage.Exited) {
          running--;
        }
        queue.add(m);
      }
    }

    @Override
    public RunningTrial start(TrialLaunch launch) {
      TrialRecord t = store.trial(launch.trialId());
      Script script = scripts.apply(t);
      actions.add("start " + t.label() + " at " + ticker.now.getEpochSecond());
      running++;
      mostRunning = Math.max(mostRunning, running);
      deliver(script.started(t.id()));
      return new RunningTrial() {
        boolean ended;

        @Override
        public long trialId() {
          return t.id();
        }

        @Override
        public TrialLocation location() {
          return new TrialLocation("scripted", "here", "{\"trial\":" + t.id() + "}", null);
        }

        @Override
        public boolean send(String instruction) {
          actions.add(instruction + " " + t.label());
          deliver(script.told(t.id(), instruction));
          return true;
        }

        @Override
        public boolean alive() {
          return !ended;
        }

        @Override
        public void kill() {
          actions.add("kill " + t.label() + " at " + ticker.now.getEpochSecond());
          ended = true;
          deliver(script.killed(t.id()));
        }

        @Override
        public String logTail(int n) {
          return logs.getOrDefault(t.id(), "");
        }
      };
    }

    @Override
    public Optional<RunningTrial> reattach(TrialLaunch launch, TrialLocation where) {
      return Optional.empty();
    }

    /** The next message; with none, the time the dispatcher would have waited passes. */
    @Override
    public TrialMessage poll(Duration wait) {
      if (queue.isEmpty()) {
        ticker.now = ticker.now.plus(wait);
        for (Iterator<Map.Entry<Instant, TrialMessage>> i = held.iterator(); i.hasNext(); ) {
          Map.Entry<Instant, TrialMessage> e = i.next();
          if (!e.getKey().isAfter(ticker.now)) {
            i.remove();
            queue.add(e.getValue());
          }
        }
      }
      return queue.poll();
    }
  }

  private final Map<Long, String> logs = new HashMap<>();

  /** A trial that reports epoch after epoch (values from {@code values}) while told to continue, then exits 0. */
  static Script epochs(double... values) {
    return new Script() {
      int epoch = 1;

      @Override
      public List<TrialMessage> started(long id) {
        return List.of(new TrialMessage.Began(id), epoch(id));
      }

      private TrialMessage epoch(long id) {
        return new TrialMessage.Event(id, new TrialEvent.Epoch(epoch, Map.of("val_loss", values[epoch - 1]),
            "checkpoint-" + epoch));
      }

      @Override
      public List<TrialMessage> told(long id, String instruction) {
        if (instruction.equals("continue") && epoch < values.length) {
          epoch++;
          return List.of(epoch(id));
        }
        return List.of(new TrialMessage.Event(id, new TrialEvent.Finished("finished")),
            new TrialMessage.Exited(id, 0, false));
      }
    };
  }

  @BeforeEach
  void open() throws Exception {
    Path file = dir.resolve("d.yaml");
    Files.writeString(file, """
        name: d
        task: benchmark
        benchmark: {problem: batch-lr}
        method: grid
        metric: {name: val_loss, goal: minimize}
        run_cap: 3
        max_parallel: 2
        devices: cpu
        parameters:
          learning_rate: {values: [0.001]}
          per_device_train_batch_size: {values: [16]}
        trial: {epochs: 3, heartbeat_timeout: 3s, startup_timeout: 10s, early_stopping_patience: 2}
        max_retries: 0
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    spec = new SpecLoader(Map.of(), TaskTypes.all()).load(file);
    store = SqliteStore.open(dir.resolve("s.db"), Clock.systemUTC());
    sweep = store.createSweep(new NewSweep(spec.name(), spec.file(), spec.hash(), spec.canonicalJson(),
        spec.metric().name(), spec.metric().goal(), Draws.VERSION));
    artifacts = ArtifactStores.open(spec.artifacts(), Map.of());
    progress = new LogLines(new PrintWriter(new StringWriter(), true), Clock.systemUTC(), "val_loss", Goal.MINIMIZE);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    artifacts.close();
  }

  private Dispatcher dispatcher(int slots) {
    TaskType task = TaskTypes.named("benchmark").orElseThrow();
    RunLayout layout = new RunLayout(Path.of(spec.runsDir()), sweep.name());
    RunPublisher publisher = new RunPublisher(layout, artifacts, store, sweep::id, progress);
    RunRetention retention = new RunRetention(spec, store, artifacts, () -> sweep, publisher::runsInStore,
        layout);
    SearchHistory history = new SearchHistory(store, sweep.id(), "val_loss");
    TrialBoards boards = new TrialBoards(new SweepBoard(layout.tensorBoard(), spec.parameters()), store, sweep.id());
    return new Dispatcher(backend, store, sweep.id(), progress,
        new TrialSetup(spec, task, layout, spec.taskConfig(), null, slots),
        DeviceSlots.plan(spec.devices(), slots), new RetryPolicy(0, "val_loss", task::shrinkForMemory),
        new TrialEnding(store, sweep.id(), retention, publisher, progress, boards), boards,
        new Dispatcher.Metric("val_loss", Goal.MINIMIZE), Duration.ofSeconds(10), Duration.ofSeconds(3), ticker,
        () -> false, () -> history);
  }

  private List<TrialRecord> trials(int n) {
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(store.createTrial(new NewTrial(sweep.id(), Phase.SEARCH, i, Map.of("per_device_train_batch_size", 16L),
          i, 3, null)));
    }
    return out;
  }

  private void run(Dispatcher d, List<TrialRecord> trials, int parallel) throws Exception {
    Iterator<TrialRecord> next = trials.iterator();
    d.run(() -> next.hasNext() ? next.next() : null, parallel,
        new EpochJudge("val_loss", new EarlyStopping(Goal.MINIMIZE, 2, 0.0), null), null);
  }

  private TrialRecord trial(int number) {
    return store.trials(sweep.id()).stream().filter(t -> t.number() == number).findFirst().orElseThrow();
  }

  @Test
  void trialsTakeFreeSlotsAndAFreedSlotGoesToTheNextTrialAtOnce() throws Exception {
    backend.scripts = t -> epochs(0.5, 0.4, 0.3);
    run(dispatcher(2), trials(3), 2);

    assertThat(backend.mostRunning).isEqualTo(2);
    // All news that has arrived is handled before a trial starts: #1's third epoch was in before #0's exit.
    assertThat(backend.actions).containsExactly("start #0 at 0", "start #1 at 0", "continue #0", "continue #1",
        "continue #0", "continue #1", "continue #0", "continue #1", "start #2 at 0", "continue #2", "continue #2",
        "continue #2");
    for (int n = 0; n < 3; n++) {
      TrialRecord t = trial(n);
      assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
      assertThat(t.reason()).isEqualTo("ran 3 of 3 epochs");
      assertThat(t.bestValue()).isEqualTo(0.3);
      assertThat(t.location()).isEqualTo(new TrialLocation("scripted", "here", "{\"trial\":" + t.id() + "}", null));
      assertThat(Path.of(t.trialDir(), "trial.json")).exists();
    }
  }

  @Test
  void aTrialSilentForTheHeartbeatTimeoutIsKilledWithinOneTickOfIt() throws Exception {
    backend.scripts = t -> new Script() {
      @Override
      public List<TrialMessage> started(long id) {
        return List.of(new TrialMessage.Began(id), new TrialMessage.Output(id, "loading"));
      }

      @Override
      public List<TrialMessage> told(long id, String instruction) {
        return List.of();
      }
    };
    run(dispatcher(1), trials(1), 1);

    assertThat(backend.actions).containsExactly("start #0 at 0", "kill #0 at 4");
    TrialRecord t = trial(0);
    assertThat(t.state()).isEqualTo(TrialState.FAILED);
    assertThat(t.reason()).isEqualTo("no output or progress for 3s (heartbeat_timeout); killed");
    assertThat(store.events(sweep.id())).extracting(EventRecord::type).contains("killed");
  }

  @Test
  void timeInTheQueueCountsAgainstNoBoundAndStartUpIsTimedFromWhenItBegan() throws Exception {
    // #0 waits 60 s in a queue (six start-up timeouts), then runs; #1 begins at once and never shows life.
    backend.scripts = t -> {
      Script run = epochs(0.5, 0.4, 0.3);
      return t.number() == 0 ? new Script() {
        @Override
        public List<TrialMessage> started(long id) {
          backend.held.add(Map.entry(ticker.now.plusSeconds(60), new TrialMessage.Began(id)));
          List<TrialMessage> first = run.started(id);
          backend.held.add(Map.entry(ticker.now.plusSeconds(61), first.get(1)));
          return List.of();
        }

        @Override
        public List<TrialMessage> told(long id, String instruction) {
          return run.told(id, instruction);
        }
      } : new Script() {
        @Override
        public List<TrialMessage> started(long id) {
          return List.of(new TrialMessage.Began(id), new TrialMessage.Event(id, new TrialEvent.Heartbeat()));
        }

        @Override
        public List<TrialMessage> told(long id, String instruction) {
          return List.of();
        }
      };
    };
    run(dispatcher(2), trials(2), 2);

    assertThat(trial(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(trial(1).state()).isEqualTo(TrialState.FAILED);
    assertThat(trial(1).reason()).isEqualTo("did not start within 10s (startup_timeout): no output or progress"
        + " since it was launched; killed");
    assertThat(backend.actions).contains("kill #1 at 11").doesNotContain("kill #0");
  }

  @Test
  void theJudgesVerdictIsSentAndEndsTheTrial() throws Exception {
    backend.scripts = t -> t.number() == 0 ? epochs(0.5, 0.6, 0.7) : epochs(0.5, Double.NaN, 0.1);
    List<TrialRecord> all = trials(2);
    Dispatcher d = dispatcher(1);
    Iterator<TrialRecord> next = all.iterator();
    d.run(() -> next.hasNext() ? next.next() : null, 1,
        new EpochJudge("val_loss", new EarlyStopping(Goal.MINIMIZE, 1, 0.0), null), null);

    assertThat(backend.actions).containsExactly("start #0 at 0", "continue #0", "stop #0", "start #1 at 0",
        "continue #1", "stop #1");
    assertThat(trial(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(trial(0).reason()).endsWith(" at epoch 2");
    assertThat(trial(1).state()).isEqualTo(TrialState.FAILED);
    assertThat(trial(1).reason()).isEqualTo("diverged: val_loss=NaN at epoch 2");
  }

  @Test
  void outOfMemoryIsRetriedWithTheTasksSmallerTrialBeforeAnyNewTrial() throws Exception {
    int[] attempts = new int[1];
    backend.scripts = t -> {
      if (t.number() == 0 && attempts[0]++ == 0) {
        logs.put(t.id(), "java.lang.OutOfMemoryError: Java heap space");
        return new Script() {
          @Override
          public List<TrialMessage> started(long id) {
            return List.of(new TrialMessage.Began(id), new TrialMessage.Exited(id, 1, false));
          }

          @Override
          public List<TrialMessage> told(long id, String instruction) {
            return List.of();
          }
        };
      }
      logs.remove(t.id());
      return epochs(0.5, 0.4, 0.3);
    };
    run(dispatcher(1), trials(2), 1);

    assertThat(backend.actions.stream().filter(a -> a.startsWith("start"))).containsExactly("start #0 at 0",
        "start #0 at 0", "start #1 at 0");
    TrialRecord t = trial(0);
    assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(t.attempts()).isEqualTo(2);
    assertThat(t.params()).containsEntry("per_device_train_batch_size", 8L)
        .containsEntry("gradient_accumulation_steps", 2L);
  }
}
