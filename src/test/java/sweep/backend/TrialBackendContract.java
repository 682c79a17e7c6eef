package sweep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.protocol.TrialEvent;
import sweep.store.TrialLocation;

/**
 * The {@link TrialBackend} contract, run against every backend (a subclass per backend). A trial here is a shell
 * script standing in for the trial's JVM: it speaks the protocol (events on stdout, instructions on stdin) and
 * starts programs of its own, as the {@code command} task does.
 */
abstract class TrialBackendContract {
  @TempDir Path dir;
  private final List<ProcessHandle> started = new ArrayList<>();
  private final List<TrialBackend> backends = new ArrayList<>();

  /** A new backend (as a new orchestrator would make) whose trials run {@code script} in the trial JVM's place. */
  abstract TrialBackend backend(Path script, Path dir);

  @AfterEach
  void killLeftovers() {
    started.forEach(ProcessHandle::destroyForcibly);
    backends.forEach(TrialBackend::close);
  }

  TrialBackend backendFor(String body) throws Exception {
    Path script = dir.resolve("trial-" + backends.size() + ".sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    TrialBackend b = backend(script, dir);
    backends.add(b);
    return b;
  }

  TrialLaunch launch(long id) throws Exception {
    Path trialDir = dir.resolve("trial-" + id);
    Files.createDirectories(trialDir);
    Path config = trialDir.resolve("trial.json");
    Files.writeString(config, "{}");
    return new TrialLaunch(id, "#" + id, config, trialDir, trialDir.resolve("trial.log"),
        Map.of("SWEEP_TEST_DIR", dir.toString()), List.of(), List.of(), "contract", 1);
  }

  /** Messages of {@code backend} until {@code last} matches one, within 30 s. */
  static List<TrialMessage> until(TrialBackend backend, Predicate<TrialMessage> last) throws Exception {
    return until(backend, last, Duration.ofSeconds(30));
  }

  /** Messages of {@code backend} until {@code last} matches one, within {@code within}. */
  static List<TrialMessage> until(TrialBackend backend, Predicate<TrialMessage> last, Duration within)
      throws Exception {
    List<TrialMessage> got = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      TrialMessage m = backend.poll(Duration.ofMillis(200));
      if (m != null) {
        got.add(m);
        if (last.test(m)) {
          return got;
        }
      }
    }
    throw new AssertionError("no such message within " + within.toSeconds() + " s; got " + got);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(h -> !ProcessTree.gone(h)).orElse(false);
  }

  /** Waits until {@code file} holds {@code lines} lines; returns them as pids. */
  private List<Long> pids(Path file, int lines) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> l = Files.readAllLines(file).stream().filter(s -> !s.isBlank()).toList();
        if (l.size() >= lines) {
          List<Long> pids = l.stream().map(s -> Long.parseLong(s.trim())).toList();
          pids.forEach(p -> ProcessHandle.of(p).ifPresent(started::add));
          return pids;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(file + " did not get " + lines + " line(s)");
  }

  @Test
  void aTrialBeginsReportsInOrderAndExitsExactlyOnce() throws Exception {
    TrialBackend backend = backendFor("""
        echo "not an event"
        echo '{"event":"epoch","epoch":1,"metrics":{"m":0.5}}'
        echo "to the log" >&2
        echo '{"event":"epoch","epoch":2,"metrics":{"m":0.6}}'
        exit 3""");
    RunningTrial t = backend.start(launch(1));
    assertThat(t.trialId()).isEqualTo(1);
    assertThat(t.location().backend()).isEqualTo(backend.name());
    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited);
    assertThat(got.get(0)).isEqualTo(new TrialMessage.Began(1));
    assertThat(got.subList(1, got.size())).containsExactly(new TrialMessage.Output(1, "not an event"),
        new TrialMessage.Event(1, new TrialEvent.Epoch(1, Map.of("m", 0.5), null)),
        new TrialMessage.Event(1, new TrialEvent.Epoch(2, Map.of("m", 0.6), null)),
        new TrialMessage.Exited(1, 3, false));
    assertThat(backend.poll(Duration.ofMillis(300))).as("nothing after the exit").isNull();
    assertThat(t.logTail(10)).contains("not an event").contains("to the log");
    assertThat(t.alive()).isFalse();
  }

  @Test
  void instructionsArriveInOrder() throws Exception {
    TrialBackend backend = backendFor("""
        read a; read b
        echo "{\\"event\\":\\"finished\\",\\"message\\":\\"$a then $b\\"}"
        """);
    RunningTrial t = backend.start(launch(2));
    assertThat(t.send("continue")).isTrue();
    assertThat(t.send("stop")).isTrue();
    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited);
    assertThat(got).contains(new TrialMessage.Event(2, new TrialEvent.Finished("continue then stop")));
  }

  @Test
  void killEndsTheTrialAndEverythingItStartedEvenWhatLeftItsTree() throws Exception {
    // A child, a grandchild, and a program detached from the tree (its parent exited), all ignoring SIGTERM.
    TrialBackend backend = backendFor("""
        trap '' TERM
        sh -c 'trap "" TERM; echo $$ >> "$SWEEP_TEST_DIR/pids"; sleep 300 & echo $! >> "$SWEEP_TEST_DIR/pids"; wait' &
        ( sh -c 'trap "" TERM; echo $$ >> "$SWEEP_TEST_DIR/pids"; exec sleep 301' & )
        echo $$ >> "$SWEEP_TEST_DIR/pids"
        while true; do sleep 1; done""");
    RunningTrial t = backend.start(launch(3));
    List<Long> pids = pids(dir.resolve("pids"), 4);
    assertThat(pids).allMatch(TrialBackendContract::alive);
    assertThat(t.alive()).isTrue();

    t.kill();

    assertThat(pids).as("no process of the trial survives its kill").noneMatch(TrialBackendContract::alive);
    assertThat(t.alive()).isFalse();
    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited);
    assertThat(got.get(got.size() - 1)).isInstanceOf(TrialMessage.Exited.class);
  }

  @Test
  void whatATrialLeftRunningEndsWhenItExitsAndItsExitIsStillReported() throws Exception {
    // A helper that left the trial's tree, ignores SIGTERM and still holds the trial's stdout.
    TrialBackend backend = backendFor("""
        ( sh -c 'trap "" TERM; echo $$ >> "$SWEEP_TEST_DIR/pids"; exec sleep 305' & )
        while [ ! -s "$SWEEP_TEST_DIR/pids" ]; do sleep 0.05; done
        echo '{"event":"finished","message":"done"}'
        exit 0""");
    RunningTrial t = backend.start(launch(6));
    List<TrialMessage> got = until(backend, m -> m instanceof TrialMessage.Exited);
    assertThat(got).contains(new TrialMessage.Event(6, new TrialEvent.Finished("done")));
    assertThat(got.get(got.size() - 1)).isEqualTo(new TrialMessage.Exited(6, 0, false));
    assertThat(pids(dir.resolve("pids"), 1)).as("nothing of the attempt outlives it")
        .noneMatch(TrialBackendContract::alive);
    assertThat(t.alive()).isFalse();
  }

  @Test
  void reattachAfterTheOrchestratorIsGoneLeavesNothingOfTheOldAttemptRunning() throws Exception {
    String body = """
        echo $$ >> "$SWEEP_TEST_DIR/pids"
        ( sh -c 'echo $$ >> "$SWEEP_TEST_DIR/pids"; exec sleep 302' & )
        while true; do sleep 1; done""";
    TrialBackend first = backendFor(body);
    TrialLaunch launch = launch(4);
    TrialLocation where = first.start(launch).location();
    List<Long> pids = pids(dir.resolve("pids"), 2);

    TrialBackend second = backendFor(body);
    Optional<RunningTrial> carried = second.reattach(launch, where);
    carried.ifPresent(RunningTrial::kill); // a backend that carries trials on: the orchestrator may still end it
    assertThat(carried.map(RunningTrial::alive).orElse(false)).isFalse();
    assertThat(pids).as("nothing of the old attempt runs").noneMatch(TrialBackendContract::alive);
  }

  @Test
  void reattachLeavesAloneAProcessThatMerelyHasTheRecordedPid() throws Exception {
    TrialBackend backend = backendFor("exit 0");
    // Another process, with "trial" in its arguments, now holds the pid a trial was recorded with.
    Process decoy = new ProcessBuilder("sh", "-c", "exec sleep 303", "trial", "--config").start();
    started.add(decoy.toHandle());
    TrialLaunch launch = launch(5);
    TrialLocation stale = backend.start(launch).location();
    until(backend, m -> m instanceof TrialMessage.Exited);
    String handle = stale.handle() == null ? null
        : stale.handle().replace(String.valueOf(stale.pid()), String.valueOf(decoy.pid()));
    backend.reattach(launch, new TrialLocation(stale.backend(), stale.host(), handle, decoy.pid()));
    backend.reattach(launch, new TrialLocation(stale.backend(), stale.host(), null, decoy.pid()));
    assertThat(decoy.isAlive()).as("the pid's new owner is not the trial").isTrue();
  }
}
