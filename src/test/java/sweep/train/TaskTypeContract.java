package sweep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.protocol.TrialConfig;
import sweep.spec.Goal;
import sweep.spec.SpecException;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.testing.RecordingTrialContext;
import sweep.util.Json;

/**
 * The {@link TaskType} contract, clause by clause, run against every task type (a subclass per type). A subclass
 * gives the task type, its own keys of a small spec, the trial's parameters and how many epochs a trial runs; the
 * contract builds the spec around them, loads it as {@code sweep run} would (the task types on the class path, plus
 * the one under test), and runs trials in this JVM through a {@link RecordingTrialContext}, which records what the
 * task reports and answers as the orchestrator would. One trial run uninterrupted from a fresh start serves the
 * clauses that need one (2, 4 and 6); it runs once per subclass.
 *
 * <p>The clauses:
 *
 * <ol>
 *   <li><b>It rejects another task's keys.</b> A spec for this task with a top-level key that only another task type
 *       takes ({@code benchmark:} on a command task, {@code command:} on token classification...) is a
 *       {@link SpecException} at that key's line, naming the key. Every such key of every other task type is tried.
 *   <li><b>It reports every metric it declares.</b> Run uninterrupted, it reports every epoch 1..n once, in order;
 *       when {@link sweep.spec.TaskSchema#reportedMetrics} is present, each epoch report holds each of those metrics
 *       as a finite number. (When it is empty, only a run can tell what is reported: the order of epochs is all
 *       there is to check.)
 *   <li><b>It stops within one epoch when told.</b> The report of epoch 1 is answered "stop": a waiting report
 *       ({@link TrialContext#reportEpoch}) returns false and {@link TrialContext#stopRequested()} turns true; for a
 *       task that reports without waiting ({@link TrialContext#reportEpochNoWait}) its {@link TrialContext#onStop}
 *       actions run. "Within one epoch" means: the epoch under way when the stop arrives (epoch 2, which a program
 *       that does not wait for the answer has already begun) may still finish and be reported, and nothing after it
 *       is: no epoch after 2 is reported. {@code run()} returns normally (a stopped trial is no failure) within
 *       {@link #stopWithin()} of the stop. The task must run at least 3 epochs for this to mean anything.
 *   <li><b>It resumes to the uninterrupted curve.</b> A trial run uninterrupted for n epochs (in a trial directory of
 *       its own) and a trial stopped after epoch k ({@link #resumeAfter()}) then resumed, in the same trial
 *       directory, from the checkpoint it recorded for epoch k, with {@code resumeEpoch} k and the best epoch and
 *       value so far (as the orchestrator gives them), report the same curve: the resumed attempt reports exactly the
 *       epochs k+1..n, and every epoch of either attempt has the metrics of the uninterrupted run's same epoch, the
 *       same names and the same values (within {@link #resumeTolerance()}, 0 for exactly), leaving out the ones that
 *       measure wall-clock time ({@link #wallClockMetrics()}).
 *   <li><b>It shrinks itself on out-of-memory as it declares.</b> When {@link TaskType#shrinkForMemory} gives new
 *       parameters they differ from the old ones, keep {@link TaskType#effectiveBatch} (one device) and say what
 *       changed; shrinking again and again ends (an attempt that runs out of memory is not retried forever). When it
 *       gives none there is nothing to check: the task knows no way to shrink, and an out-of-memory attempt is an
 *       ordinary failure. Parameters that cannot shrink ({@link #paramsThatCannotShrink()}, e.g. a batch of 1) give
 *       none.
 *   <li><b>It writes a checkpoint the publisher can publish.</b> For a task that writes checkpoints
 *       ({@link #writesCheckpoints()}), the checkpoint recorded for the best epoch (by the sweep's metric and goal,
 *       the first of equals, with the epoch's report or apart from it) is a path relative to the trial directory,
 *       inside it, naming a directory that exists when {@code run()} returns, as
 *       {@code RunPublisher.publishBest} requires; a checkpoint it deleted by then (keeping only the
 *       latest, say) would leave nothing to publish.
 * </ol>
 */
public abstract class TaskTypeContract {
  @TempDir protected Path dir;

  /** Where the uninterrupted trial runs, once per test class (clauses 2, 4 and 6 share it). */
  @TempDir static Path sharedDir;

  private static Uninterrupted uninterrupted;

  /** The seed trials get. */
  protected static final long SEED = 42;

  // ---- what a subclass gives ----

  /** The task type under test. */
  protected abstract TaskType task();

  /** The task's own top-level keys of the spec, as YAML lines, each ending in a line break. */
  protected abstract String taskYaml() throws Exception;

  /** The trial's parameters (each one a constant parameter of the spec). */
  protected abstract Map<String, Object> params();

  /** How many epochs a trial runs: 3 or more. */
  protected abstract int epochs();

  /** The sweep's metric, which the task reports. */
  protected abstract String metric();

  /** The sweep's goal: {@code maximize} or {@code minimize}. */
  protected String goal() {
    return "maximize";
  }

  /** The epoch after which the resume clause stops a trial (then resumes it): 1 to {@link #epochs()} - 1. */
  protected int resumeAfter() {
    return 1;
  }

  /** How far a resumed curve may be from the uninterrupted one, metric by metric: 0 for exactly. */
  protected double resumeTolerance() {
    return 0;
  }

  /** Metrics that measure wall-clock time, left out when curves are compared. */
  protected Set<String> wallClockMetrics() {
    return Set.of("epoch_seconds");
  }

  /** How long after a stop {@code run()} may take to return. */
  protected Duration stopWithin() {
    return Duration.ofSeconds(15);
  }

  /** How long a whole trial of {@link #epochs()} epochs may take. */
  protected Duration runWithin() {
    return Duration.ofSeconds(120);
  }

  /** Whether the task writes checkpoints (the publish clause checks only tasks that do). */
  protected boolean writesCheckpoints() {
    return true;
  }

  /**
   * Parameters the task cannot shrink for memory, or null for none: by default, {@link #params()} with a
   * per-device batch of 1, when they have a per-device batch.
   */
  protected Map<String, Object> paramsThatCannotShrink() {
    if (!params().containsKey(TrainerBatch.BATCH)) {
      return null;
    }
    Map<String, Object> p = new TreeMap<>(params());
    p.put(TrainerBatch.BATCH, 1);
    return p;
  }

  // ---- the machinery ----

  /** The task types a spec is loaded with: those on the class path, and the one under test. */
  private List<TaskType> taskTypes() {
    List<TaskType> all = new ArrayList<>(TaskTypes.all());
    if (all.stream().noneMatch(t -> t.name().equals(task().name()))) {
      all.add(task());
    }
    return all;
  }

  /** The spec: the task's keys, the parameters as constants, the metric and the epochs. */
  protected final String spec() throws Exception {
    StringBuilder s = new StringBuilder();
    s.append("name: contract\n");
    s.append("task: ").append(task().name()).append('\n');
    s.append(taskYaml());
    s.append("method: grid\n");
    s.append("metric: {name: ").append(metric()).append(", goal: ").append(goal()).append("}\n");
    s.append("parameters:\n");
    new TreeMap<>(params()).forEach((k, v) -> s.append("  ").append(k).append(": {value: ").append(Json.write(v))
        .append("}\n"));
    s.append("trial: {epochs: ").append(epochs()).append("}\n");
    return s.toString();
  }

  private SweepSpec load(String text) {
    return new SpecLoader(Map.of(), taskTypes()).parse("contract.yaml", text);
  }

  private JsonNode taskConfig;

  /** The task configuration trials get: the spec's, as {@link TaskType#prepare} fixes it for the sweep. */
  protected final JsonNode taskConfig() throws Exception {
    if (taskConfig == null) {
      SweepSpec s = load(spec());
      assertThat(s.task()).isEqualTo(task().name());
      taskConfig = task().prepare(s.taskConfig(), dir.resolve("data"), Map.of()).taskConfig();
    }
    return taskConfig;
  }

  /** A fresh start in a new trial directory {@code name}. */
  protected final TrialConfig fresh(String name) throws Exception {
    return RecordingTrialContext.config(task().name(), taskConfig(), params(), SEED, epochs(), metric(), goal(),
        Files.createDirectories(dir.resolve(name)), null, 0, null, null);
  }

  /** A trial running {@code run()} on a thread of its own. */
  protected final class Trial {
    final RecordingTrialContext ctx;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;

    private Trial(TrialConfig config, int stopAt) {
      ctx = new RecordingTrialContext(config, stopAt);
      TaskType task = task();
      thread = new Thread(() -> {
        try {
          task.run(ctx);
          done.complete(null);
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      }, "trial-" + task.name());
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits for {@code run()} to return, at most {@code within}; fails when it does not, or when it throws. */
    RecordingTrialContext finish(Duration within, String since) throws InterruptedException {
      try {
        done.get(within.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        thread.interrupt();
        throw new AssertionError(task().name() + ": run() did not return within " + within + " " + since
            + "; epochs reported: " + ctx.epochs());
      } catch (ExecutionException e) {
        throw new AssertionError(task().name() + ": run() failed: " + e.getCause(), e.getCause());
      }
      return ctx;
    }
  }

  /** Starts {@code run()}, answering stop at the report of epoch {@code stopAt}. */
  protected final Trial start(TrialConfig config, int stopAt) {
    return new Trial(config, stopAt);
  }

  /**
   * A trial run from a fresh start to its end, and the directories its trial directory held when {@code run()}
   * returned (relative to it).
   */
  protected record Uninterrupted(Path root, TrialConfig config, RecordingTrialContext ctx, Set<Path> directories) {}

  /** The uninterrupted trial of this test class (run at the first call). */
  protected final Uninterrupted uninterrupted() throws Exception {
    if (uninterrupted == null || !uninterrupted.root().equals(sharedDir)) {
      Path trialDir = Files.createDirectories(sharedDir.resolve("uninterrupted"));
      TrialConfig config = RecordingTrialContext.config(task().name(), taskConfig(), params(), SEED, epochs(),
          metric(), goal(), trialDir, null, 0, null, null);
      RecordingTrialContext ctx = run(config, RecordingTrialContext.NEVER);
      Set<Path> directories;
      try (var walk = Files.walk(trialDir)) {
        directories = walk.filter(Files::isDirectory).map(trialDir::relativize).collect(Collectors.toSet());
      }
      uninterrupted = new Uninterrupted(sharedDir, config, ctx, directories);
    }
    return uninterrupted;
  }

  /** Runs a trial to its end, answering stop at the report of epoch {@code stopAt}. */
  protected final RecordingTrialContext run(TrialConfig config, int stopAt) throws InterruptedException {
    return start(config, stopAt).finish(runWithin(), "of its start");
  }

  private Map<String, Double> compared(Map<String, Double> metrics) {
    Map<String, Double> out = new TreeMap<>(metrics);
    out.keySet().removeAll(wallClockMetrics());
    return out;
  }

  /** The first epoch with the best value of the sweep's metric among {@code reports}, if any has it. */
  private Optional<Integer> bestEpoch(Map<Integer, Map<String, Double>> reports) {
    Goal g = Goal.valueOf(goal().toUpperCase());
    Integer best = null;
    Double value = null;
    for (var e : reports.entrySet()) {
      Double v = e.getValue().get(metric());
      if (v != null && Double.isFinite(v) && (value == null || g.better(v, value))) {
        best = e.getKey();
        value = v;
      }
    }
    return Optional.ofNullable(best);
  }

  // ---- the clauses ----

  /** Clause 1: a key only another task type takes is an error at its line, naming it. */
  @Test
  protected void rejectsAnotherTasksKeys() throws Exception {
    String base = spec();
    load(base); // the spec itself is good
    int line = (int) base.lines().count() + 1;
    Set<String> foreign = new TreeSet<>();
    for (TaskType other : taskTypes()) {
      if (!other.name().equals(task().name())) {
        foreign.addAll(other.specKeys());
      }
    }
    foreign.removeAll(task().specKeys());
    foreign.removeAll(SpecLoader.CORE_KEYS);
    assertThat(foreign).as("keys only other task types take").isNotEmpty();
    for (String key : foreign) {
      String text = base + key + ": {}\n";
      assertThatThrownBy(() -> load(text)).as("%s with key '%s'", task().name(), key)
          .isInstanceOfSatisfying(SpecException.class, e -> {
            assertThat(e.line()).as("line of '%s' in%n%s", key, text).isEqualTo(line);
            assertThat(e.keyPath()).isEqualTo(key);
            assertThat(e.problem()).contains("'" + key + "'");
          });
    }
  }

  /** Clause 2: epochs 1..n once and in order, each with every metric the task declares, finite. */
  @Test
  protected void reportsEveryMetricItDeclares() throws Exception {
    RecordingTrialContext ctx = uninterrupted().ctx();
    assertThat(ctx.epochs()).as("%s: the epochs reported", task().name())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, epochs()).boxed().toList());
    Optional<Set<String>> declared = task().reportedMetrics(taskConfig());
    if (declared.isEmpty()) {
      return; // only a run can tell what it reports
    }
    for (RecordingTrialContext.Epoch e : ctx.epochReports()) {
      assertThat(e.metrics()).as("%s: epoch %d", task().name(), e.epoch()).containsKeys(declared.get()
          .toArray(String[]::new));
      for (String m : declared.get()) {
        assertThat(e.metrics().get(m)).as("%s: epoch %d %s", task().name(), e.epoch(), m).isFinite();
      }
    }
  }

  /** Clause 3: a stop answered at epoch 1 ends the trial before any epoch after 2, within {@link #stopWithin()}. */
  @Test
  protected void stopsWithinOneEpochWhenTold() throws Exception {
    assertThat(epochs()).as("the stop clause needs 3 epochs or more").isGreaterThanOrEqualTo(3);
    Trial t = start(fresh("stopped"), 1);
    assertThat(t.ctx.awaitStop(runWithin())).as("%s: epoch 1 reported within %s", task().name(), runWithin())
        .isTrue();
    RecordingTrialContext ctx = t.finish(stopWithin(), "of the stop answered at epoch 1");
    assertThat(ctx.epochs()).as("%s: the first report", task().name()).startsWith(1);
    assertThat(ctx.epochs().stream().filter(e -> e > 2).toList())
        .as("%s: epochs reported after the stop answered at epoch 1 (epoch 2 may finish, no later one); reported %s",
            task().name(), ctx.epochs())
        .isEmpty();
  }

  /** Clause 4: stopped after epoch k and resumed from its checkpoint, the trial reports the uninterrupted curve. */
  @Test
  protected void resumesToTheUninterruptedCurve() throws Exception {
    int k = resumeAfter();
    assertThat(k).isBetween(1, epochs() - 1);
    Map<Integer, Map<String, Double>> whole = uninterrupted().ctx().metricsByEpoch();
    assertThat(whole).containsOnlyKeys(IntStream.rangeClosed(1, epochs()).boxed().toList());

    TrialConfig first = fresh("parts");
    RecordingTrialContext stopped = run(first, k);
    Map<Integer, Map<String, Double>> before = new TreeMap<>(stopped.metricsByEpoch());
    before.keySet().removeIf(e -> e > k);
    assertThat(before).as("%s: epochs before the stop", task().name())
        .containsOnlyKeys(IntStream.rangeClosed(1, k).boxed().toList());
    String checkpoint = stopped.checkpointOf(k).orElseThrow(() -> new AssertionError(task().name()
        + ": no checkpoint recorded for epoch " + k + " to resume from; reports: " + stopped.calls()));
    Path trialDir = Path.of(first.trialDir());
    assertThat(trialDir.resolve(checkpoint)).as("%s: the checkpoint of epoch %d", task().name(), k).exists();
    Integer bestEpoch = bestEpoch(before).orElse(null);
    Double bestValue = bestEpoch == null ? null : before.get(bestEpoch).get(metric());
    TrialConfig resume = RecordingTrialContext.config(task().name(), taskConfig(), params(), SEED, epochs(),
        metric(), goal(), trialDir, checkpoint, k, bestEpoch, bestValue);
    RecordingTrialContext resumed = run(resume, RecordingTrialContext.NEVER);
    assertThat(resumed.epochs()).as("%s: epochs reported after resuming from epoch %d", task().name(), k)
        .containsExactlyElementsOf(IntStream.rangeClosed(k + 1, epochs()).boxed().toList());

    Map<Integer, Map<String, Double>> curve = new TreeMap<>(before);
    curve.putAll(resumed.metricsByEpoch());
    for (var e : curve.entrySet()) {
      Map<String, Double> got = compared(e.getValue());
      Map<String, Double> want = compared(whole.get(e.getKey()));
      String which = e.getKey() <= k ? "before the stop" : "resumed";
      assertThat(got.keySet()).as("%s: metrics of epoch %d (%s)", task().name(), e.getKey(), which)
          .isEqualTo(want.keySet());
      for (String m : want.keySet()) {
        var that = assertThat(got.get(m)).as("%s: epoch %d (%s) %s", task().name(), e.getKey(), which, m);
        if (resumeTolerance() == 0) {
          that.isEqualTo(want.get(m));
        } else {
          that.isCloseTo(want.get(m), Offset.offset(resumeTolerance()));
        }
      }
    }
  }

  /** Clause 5: shrunk parameters differ, keep the effective batch, and shrinking ends; a batch of 1 cannot shrink. */
  @Test
  protected void shrinksItselfOnOutOfMemoryAsItDeclares() {
    TaskType task = task();
    Optional<Shrunk> shrunk = task.shrinkForMemory(params());
    // Empty: the task knows no way to shrink, and an out-of-memory attempt is an ordinary failure; nothing to check.
    if (shrunk.isPresent()) {
      Optional<Long> effective = task.effectiveBatch(params(), 1);
      Map<String, Object> p = params();
      Set<Map<String, Object>> seen = new HashSet<>();
      for (int i = 0; shrunk.isPresent(); i++) {
        assertThat(i).as("%s: shrinking %s again and again ends", task.name(), params()).isLessThan(64);
        Shrunk s = shrunk.get();
        assertThat(s.params()).as("%s: shrunk parameters", task.name()).isNotEqualTo(p);
        assertThat(seen.add(s.params())).as("%s: shrinking comes back to %s", task.name(), s.params()).isTrue();
        assertThat(task.effectiveBatch(s.params(), 1)).as("%s: the effective batch of %s", task.name(), s.params())
            .isEqualTo(effective);
        assertThat(s.change()).as("%s: the change in words", task.name()).isNotBlank();
        p = s.params();
        shrunk = task.shrinkForMemory(p);
      }
    }
    Map<String, Object> cannot = paramsThatCannotShrink();
    if (cannot != null) {
      assertThat(task.shrinkForMemory(cannot)).as("%s: shrinking %s", task.name(), cannot).isEmpty();
    }
  }

  /** Clause 6: the best epoch's checkpoint is a directory under the trial directory when run() returns. */
  @Test
  protected void writesACheckpointThePublisherCanPublish() throws Exception {
    if (!writesCheckpoints()) {
      return;
    }
    Uninterrupted trial = uninterrupted();
    RecordingTrialContext ctx = trial.ctx();
    int best = bestEpoch(ctx.metricsByEpoch()).orElseThrow(() -> new AssertionError(task().name() + ": no epoch"
        + " reported " + metric() + "; reports: " + ctx.calls()));
    String checkpoint = ctx.checkpointOf(best).orElseThrow(() -> new AssertionError(task().name()
        + ": no checkpoint recorded for the best epoch " + best + "; reports: " + ctx.calls()));
    Path trialDir = Path.of(trial.config().trialDir());
    Path source = trialDir.resolve(checkpoint).normalize();
    assertThat(source.startsWith(trialDir)).as("%s: the best checkpoint %s is inside the trial directory",
        task().name(), checkpoint).isTrue();
    assertThat(trial.directories()).as("%s: directories in the trial directory when run() returned; the best"
        + " checkpoint (epoch %d of %d) is %s", task().name(), best, epochs(), checkpoint)
        .contains(trialDir.relativize(source));
  }
}
