package sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.spec.Goal;
import sweep.testing.FakeClock;
import sweep.testing.Locations;

/**
 * The {@link Store} contract, clause by clause, for any backend: a subclass says how to open a fresh store in an
 * empty directory with a given clock. Every test starts from an empty store at {@link #T0}.
 */
public abstract class StoreContractTest {
  /** Where the clock stands when each test starts: a whole number of milliseconds. */
  protected static final Instant T0 = Instant.parse("2024-01-02T03:04:05.006Z");

  /** A fresh, empty directory for the store's files. */
  @TempDir
  protected Path dir;

  protected FakeClock clock;
  protected Store store;

  /** A new, empty store keeping its files under {@code dir} and reading time from {@code clock}. */
  protected abstract Store open(Path dir, Clock clock);

  @BeforeEach
  void openStore() {
    clock = new FakeClock(T0);
    store = open(dir, clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  // ---- helpers ----

  protected static NewSweep newSweep(String name, String metric, Goal goal) {
    return new NewSweep(name, "specs/" + name + ".yaml", "sha256:" + name, "{\"name\":\"" + name + "\"}", metric,
        goal, 2);
  }

  protected SweepRecord sweep(String name, Goal goal) {
    return store.createSweep(newSweep(name, goal == Goal.MAXIMIZE ? "accuracy" : "loss", goal));
  }

  protected SweepRecord maxSweep() {
    return sweep("max", Goal.MAXIMIZE);
  }

  protected TrialRecord trial(SweepRecord s, Phase phase, int number) {
    return store.createTrial(new NewTrial(s.id(), phase, number, Map.of("lr", 0.01, "layers", 2L), 1000L + number,
        5, null));
  }

  protected TrialRecord trial(SweepRecord s, int number) {
    return trial(s, Phase.SEARCH, number);
  }

  protected TrialRecord running(SweepRecord s, int number) {
    TrialRecord t = trial(s, number);
    store.startTrial(t.id(), "runs/" + s.name() + "/" + t.dirName(),
        Locations.pid(4242L + number));
    return store.trial(t.id());
  }

  /** Records one epoch with the sweep metric at {@code value} (and an unrelated metric). */
  protected void epoch(SweepRecord s, TrialRecord t, int epoch, double value) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(s.metric(), value);
    m.put("other", -value);
    store.recordEpoch(t.id(), epoch, m);
  }

  /** A trial that ran the given epochs of the sweep metric (1, 2, ...) and finished in {@code state}. */
  protected TrialRecord finished(SweepRecord s, Phase phase, int number, TrialState state, double... values) {
    TrialRecord t = trial(s, phase, number);
    store.startTrial(t.id(), "runs/" + phase.word() + "-" + number, Locations.pid(1L));
    for (int i = 0; i < values.length; i++) {
      epoch(s, t, i + 1, values[i]);
    }
    store.finishTrial(t.id(), state, "done");
    return store.trial(t.id());
  }

  protected static Provenance provenance(String gitCommit) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("lr", 0.001);
    params.put("batch", 32L);
    params.put("optimizer", "adamw");
    params.put("augment", true);
    return new Provenance("sha256:spec", 987654321012L, params, "sha256:data", gitCommit, "0.1.0", "17.0.15",
        "Linux 6.1 amd64", Map.of("djl", "0.30.0", "pytorch", "2.4.0"), 4);
  }

  private static Instant ms(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  // ---- sweeps ----

  @Test
  void createSweepReturnsEveryFieldWithTheClocksTime() {
    SweepRecord s = store.createSweep(new NewSweep("alpha", "specs/alpha.yaml", "sha256:abc", "{\"a\":1}",
        "f1", Goal.MAXIMIZE, 7));

    assertThat(s.name()).isEqualTo("alpha");
    assertThat(s.drawsVersion()).isEqualTo(7);
    assertThat(s.specFile()).isEqualTo("specs/alpha.yaml");
    assertThat(s.specHash()).isEqualTo("sha256:abc");
    assertThat(s.specJson()).isEqualTo("{\"a\":1}");
    assertThat(s.metric()).isEqualTo("f1");
    assertThat(s.goal()).isEqualTo(Goal.MAXIMIZE);
    assertThat(s.state()).isEqualTo(SweepState.RUNNING);
    assertThat(s.reason()).isNull();
    assertThat(s.bestTrialId()).isNull();
    assertThat(s.bestCheckpoint()).isNull();
    assertThat(s.createdAt()).isEqualTo(T0);
    assertThat(s.updatedAt()).isEqualTo(T0);
    assertThat(store.sweep("alpha")).contains(s);
    assertThat(store.sweeps()).containsExactly(s);
  }

  @Test
  void sweepNamesAreUnique() {
    SweepRecord first = store.createSweep(newSweep("dup", "accuracy", Goal.MAXIMIZE));
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> store.createSweep(newSweep("dup", "loss", Goal.MINIMIZE)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("dup");

    assertThat(store.sweeps()).containsExactly(first);
    assertThat(store.sweep("dup")).contains(first);
    assertThat(store.latestSweep()).contains(first);
  }

  @Test
  void unknownSweepNameIsEmpty() {
    maxSweep();
    assertThat(store.sweep("nope")).isEmpty();
  }

  @Test
  void sweepsAreListedOldestFirst() {
    SweepRecord a = sweep("a", Goal.MAXIMIZE);
    clock.advance(Duration.ofMillis(1));
    SweepRecord b = sweep("b", Goal.MINIMIZE);
    SweepRecord c = sweep("c", Goal.MAXIMIZE); // same millisecond as b: creation order decides
    clock.advance(Duration.ofMinutes(5));
    SweepRecord d = sweep("0-sorts-first-by-name", Goal.MAXIMIZE);

    assertThat(store.sweeps()).extracting(SweepRecord::id).containsExactly(a.id(), b.id(), c.id(), d.id());
  }

  @Test
  void latestSweepIsTheMostRecentlyCreated() {
    assertThat(store.latestSweep()).isEmpty();

    sweep("zeta", Goal.MAXIMIZE);
    clock.advance(Duration.ofSeconds(3));
    SweepRecord second = sweep("alpha", Goal.MINIMIZE);
    assertThat(store.latestSweep()).contains(second);

    SweepRecord third = sweep("beta", Goal.MAXIMIZE); // same instant as the second
    assertThat(store.latestSweep()).contains(third);

    // a later change to an older sweep does not make it the latest
    clock.advance(Duration.ofSeconds(3));
    store.setSweepState(second.id(), SweepState.COMPLETE, null);
    assertThat(store.latestSweep().map(SweepRecord::id)).contains(third.id());
  }

  @Test
  void setSweepStateRecordsStateReasonAndTime() {
    SweepRecord s = maxSweep();
    Instant later = clock.advance(Duration.ofSeconds(90));

    store.setSweepState(s.id(), SweepState.INTERRUPTED, "killed by SIGTERM");

    SweepRecord read = store.sweep("max").orElseThrow();
    assertThat(read.state()).isEqualTo(SweepState.INTERRUPTED);
    assertThat(read.reason()).isEqualTo("killed by SIGTERM");
    assertThat(read.updatedAt()).isEqualTo(later);
    assertThat(read.createdAt()).isEqualTo(T0);

    store.setSweepState(s.id(), SweepState.RUNNING, null);
    assertThat(store.sweep("max").orElseThrow().state()).isEqualTo(SweepState.RUNNING);
    assertThat(store.sweep("max").orElseThrow().reason()).isNull();
  }

  @Test
  void setSweepBestRecordsTrialAndCheckpoint() {
    SweepRecord s = maxSweep();
    TrialRecord t = finished(s, Phase.RETRAIN, 0, TrialState.COMPLETE, 0.9);
    Instant later = clock.advance(Duration.ofMinutes(1));

    store.setSweepBest(s.id(), t.id(), "runs/retrain/checkpoints/epoch-1");

    SweepRecord read = store.sweep("max").orElseThrow();
    assertThat(read.bestTrialId()).isEqualTo(t.id());
    assertThat(read.bestCheckpoint()).isEqualTo("runs/retrain/checkpoints/epoch-1");
    assertThat(read.updatedAt()).isEqualTo(later);
    assertThat(store.trial(t.id())).isEqualTo(t);
  }

  @Test
  void setSweepBestRefusesATrialOfAnotherSweep() {
    SweepRecord s = maxSweep();
    SweepRecord other = sweep("other", Goal.MINIMIZE);
    TrialRecord t = trial(other, 1);

    assertThatThrownBy(() -> store.setSweepBest(s.id(), t.id(), "ck")).isInstanceOf(StoreException.class);
    assertThat(store.sweep("max").orElseThrow().bestTrialId()).isNull();
  }

  // ---- trials ----

  @Test
  void createTrialStartsPendingWithEveryFieldAndTheClocksTime() {
    SweepRecord s = maxSweep();
    Instant at = clock.advance(Duration.ofMillis(250));

    TrialRecord t = store.createTrial(new NewTrial(s.id(), Phase.SEARCH, 7, Map.of("lr", 0.1), 42L, 12, null));

    assertThat(t.sweepId()).isEqualTo(s.id());
    assertThat(t.phase()).isEqualTo(Phase.SEARCH);
    assertThat(t.number()).isEqualTo(7);
    assertThat(t.state()).isEqualTo(TrialState.PENDING);
    assertThat(t.reason()).isNull();
    assertThat(t.params()).containsExactly(entry("lr", 0.1));
    assertThat(t.seed()).isEqualTo(42L);
    assertThat(t.epochs()).isEqualTo(12);
    assertThat(t.sourceTrialId()).isNull();
    assertThat(t.bestEpoch()).isNull();
    assertThat(t.bestValue()).isNull();
    assertThat(t.lastEpoch()).isNull();
    assertThat(t.lastCheckpointEpoch()).isNull();
    assertThat(t.lastCheckpoint()).isNull();
    assertThat(t.bestCheckpoint()).isNull();
    assertThat(t.trialDir()).isNull();
    assertThat(t.pid()).isNull();
    assertThat(t.attempts()).isZero();
    assertThat(t.createdAt()).isEqualTo(at);
    assertThat(t.startedAt()).isNull();
    assertThat(t.endedAt()).isNull();
    assertThat(t.heartbeatAt()).isNull();
    assertThat(store.trial(t.id())).isEqualTo(t);
    assertThat(store.epochs(t.id())).isEmpty();
  }

  @Test
  void retrainTrialKeepsItsSourceTrial() {
    SweepRecord s = maxSweep();
    TrialRecord source = finished(s, Phase.SEARCH, 3, TrialState.COMPLETE, 0.5);

    TrialRecord retrain = store.createTrial(new NewTrial(s.id(), Phase.RETRAIN, 0, source.params(), source.seed(),
        20, source.id()));

    assertThat(retrain.phase()).isEqualTo(Phase.RETRAIN);
    assertThat(retrain.sourceTrialId()).isEqualTo(source.id());
    assertThat(store.trial(retrain.id()).sourceTrialId()).isEqualTo(source.id());
  }

  @Test
  void trialsCanBeReadByPhaseAndStateAndCountedByState() {
    SweepRecord s = maxSweep();
    TrialRecord done = finished(s, Phase.SEARCH, 0, TrialState.COMPLETE, 0.5);
    TrialRecord pruned = finished(s, Phase.SEARCH, 1, TrialState.PRUNED, 0.2);
    TrialRecord run = running(s, 2);
    TrialRecord pending = trial(s, 3);
    TrialRecord retrain = trial(s, Phase.RETRAIN, 0);
    trial(sweep("other", Goal.MINIMIZE), 0);

    assertThat(store.trials(s.id(), Phase.SEARCH, java.util.Set.of())).extracting(TrialRecord::id)
        .containsExactly(done.id(), pruned.id(), run.id(), pending.id());
    assertThat(store.trials(s.id(), Phase.SEARCH, java.util.Set.of(TrialState.RUNNING, TrialState.PRUNED)))
        .extracting(TrialRecord::id).containsExactly(pruned.id(), run.id());
    assertThat(store.trials(s.id(), Phase.RETRAIN, java.util.Set.of())).extracting(TrialRecord::id)
        .containsExactly(retrain.id());
    assertThat(store.trials(s.id(), Phase.SEARCH, java.util.Set.of(TrialState.RUNNING)).get(0))
        .isEqualTo(store.trial(run.id()));
    assertThat(store.trialCounts(s.id(), Phase.SEARCH)).containsExactly(entry(TrialState.PENDING, 1),
        entry(TrialState.RUNNING, 1), entry(TrialState.COMPLETE, 1), entry(TrialState.PRUNED, 1),
        entry(TrialState.FAILED, 0));
    assertThat(store.trialCounts(s.id(), Phase.RETRAIN)).containsEntry(TrialState.PENDING, 1)
        .containsEntry(TrialState.COMPLETE, 0);
  }

  @Test
  void metricCurvesHoldOneMetricOfEveryTrialOfAPhaseByEpoch() {
    SweepRecord s = maxSweep();
    TrialRecord a = finished(s, Phase.SEARCH, 0, TrialState.PRUNED, 0.1, 0.3);
    TrialRecord b = running(s, 1);
    epoch(s, b, 1, 0.2);
    store.recordEpoch(b.id(), 2, Map.of("accuracy", Double.NaN));
    trial(s, 2);
    TrialRecord r = finished(s, Phase.RETRAIN, 0, TrialState.COMPLETE, 0.9);

    Map<Long, java.util.SortedMap<Integer, Double>> curves = store.metricCurves(s.id(), Phase.SEARCH, "accuracy");
    assertThat(curves.keySet()).containsExactly(a.id(), b.id());
    assertThat(curves.get(a.id())).containsExactly(entry(1, 0.1), entry(2, 0.3));
    assertThat(curves.get(b.id())).containsExactly(entry(1, 0.2), entry(2, Double.NaN));
    assertThat(store.metricCurves(s.id(), Phase.RETRAIN, "accuracy")).containsOnlyKeys(r.id());
    assertThat(store.metricCurves(s.id(), Phase.SEARCH, "other").get(a.id())).containsExactly(entry(1, -0.1),
        entry(2, -0.3));
  }

  @Test
  void trialNumbersAreUniquePerSweepAndPhase() {
    SweepRecord s = maxSweep();
    SweepRecord other = sweep("other", Goal.MINIMIZE);
    TrialRecord first = trial(s, Phase.SEARCH, 1);

    assertThatThrownBy(() -> trial(s, Phase.SEARCH, 1)).isInstanceOf(StoreException.class);
    assertThat(store.trials(s.id())).containsExactly(first);

    // the same number in the other phase, or in another sweep, is a different trial
    TrialRecord retrain = trial(s, Phase.RETRAIN, 1);
    TrialRecord elsewhere = trial(other, Phase.SEARCH, 1);
    assertThat(store.trials(s.id())).extracting(TrialRecord::id).containsExactly(first.id(), retrain.id());
    assertThat(store.trials(other.id())).extracting(TrialRecord::id).containsExactly(elsewhere.id());
  }

  @Test
  void paramsRoundTripKeepingLongApartFromDouble() {
    SweepRecord s = maxSweep();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("layers", 3L);
    params.put("width", 3.0);
    params.put("lr", 1.0e-5);
    params.put("big", Long.MAX_VALUE);
    params.put("negative", -7L);
    params.put("ratio", -0.25);
    params.put("optimizer", "adam w/ \"quotes\" and ünïcode");
    params.put("number_like", "12");
    params.put("augment", true);
    params.put("shuffle", false);

    TrialRecord t = store.createTrial(new NewTrial(s.id(), Phase.SEARCH, 1, params, 1L, 1, null));

    for (TrialRecord read : List.of(t, store.trial(t.id()), store.trials(s.id()).get(0))) {
      assertThat(read.params()).isEqualTo(params);
      assertThat(read.params().get("layers")).isInstanceOf(Long.class).isEqualTo(3L);
      assertThat(read.params().get("width")).isInstanceOf(Double.class).isEqualTo(3.0);
      assertThat(read.params().get("lr")).isInstanceOf(Double.class).isEqualTo(1.0e-5);
      assertThat(read.params().get("big")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
      assertThat(read.params().get("negative")).isInstanceOf(Long.class);
      assertThat(read.params().get("ratio")).isInstanceOf(Double.class);
      assertThat(read.params().get("number_like")).isInstanceOf(String.class).isEqualTo("12");
      assertThat(read.params().get("augment")).isEqualTo(Boolean.TRUE);
      assertThat(read.params().get("shuffle")).isEqualTo(Boolean.FALSE);
    }
  }

  @Test
  void trialsAreOrderedSearchFirstThenByNumber() {
    SweepRecord s = maxSweep();
    TrialRecord retrain = trial(s, Phase.RETRAIN, 0);
    TrialRecord s10 = trial(s, Phase.SEARCH, 10);
    TrialRecord s2 = trial(s, Phase.SEARCH, 2);
    TrialRecord s1 = trial(s, Phase.SEARCH, 1);
    clock.advance(Duration.ofSeconds(-30)); // creation time does not decide the order either
    TrialRecord s0 = trial(s, Phase.SEARCH, 0);
    store.startTrial(s10.id(), "d", Locations.pid(1L)); // nor does state

    assertThat(store.trials(s.id())).extracting(TrialRecord::id)
        .containsExactly(s0.id(), s1.id(), s2.id(), s10.id(), retrain.id());
  }

  @Test
  void trialsAreListedPerSweep() {
    SweepRecord a = maxSweep();
    SweepRecord b = sweep("b", Goal.MINIMIZE);
    TrialRecord a1 = trial(a, 1);
    TrialRecord b1 = trial(b, 1);

    assertThat(store.trials(a.id())).containsExactly(a1);
    assertThat(store.trials(b.id())).containsExactly(b1);
  }

  // ---- the state machine ----

  @Test
  void startTrialMovesPendingToRunning() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);
    Instant at = clock.advance(Duration.ofSeconds(5));

    store.startTrial(t.id(), "runs/max/trial-0001", Locations.pid(31337L));

    TrialRecord read = store.trial(t.id());
    assertThat(read.state()).isEqualTo(TrialState.RUNNING);
    assertThat(read.trialDir()).isEqualTo("runs/max/trial-0001");
    assertThat(read.pid()).isEqualTo(31337L);
    assertThat(read.attempts()).isEqualTo(1);
    assertThat(read.startedAt()).isEqualTo(at);
    assertThat(read.heartbeatAt()).isEqualTo(at);
    assertThat(read.endedAt()).isNull();
    assertThat(read.createdAt()).isEqualTo(T0);
  }

  @ParameterizedTest
  @EnumSource(value = TrialState.class, names = {"COMPLETE", "PRUNED", "FAILED"})
  void aRunningTrialFinishes(TrialState end) {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    Instant at = clock.advance(Duration.ofMinutes(2));

    store.finishTrial(t.id(), end, "finished as " + end);

    TrialRecord read = store.trial(t.id());
    assertThat(read.state()).isEqualTo(end);
    assertThat(read.reason()).isEqualTo("finished as " + end);
    assertThat(read.endedAt()).isEqualTo(at);
    assertThat(read.startedAt()).isEqualTo(T0);
  }

  @Test
  void aPendingTrialMayFailWithoutStarting() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);
    Instant at = clock.advance(Duration.ofSeconds(1));

    store.finishTrial(t.id(), TrialState.FAILED, "could not start: no such command");

    TrialRecord read = store.trial(t.id());
    assertThat(read.state()).isEqualTo(TrialState.FAILED);
    assertThat(read.reason()).isEqualTo("could not start: no such command");
    assertThat(read.endedAt()).isEqualTo(at);
    assertThat(read.attempts()).isZero();
    assertThat(read.startedAt()).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = TrialState.class, names = {"COMPLETE", "PRUNED"})
  void aPendingTrialCannotCompleteOrBePruned(TrialState end) {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);

    assertThatThrownBy(() -> store.finishTrial(t.id(), end, "never ran")).isInstanceOf(IllegalStateException.class);
    assertThat(store.trial(t.id())).isEqualTo(t);
  }

  @ParameterizedTest
  @EnumSource(value = TrialState.class, names = {"PENDING", "RUNNING"})
  void finishTrialNeedsAFinishedState(TrialState notFinished) {
    SweepRecord s = maxSweep();
    TrialRecord pending = trial(s, 1);
    TrialRecord running = running(s, 2);

    assertThatThrownBy(() -> store.finishTrial(pending.id(), notFinished, "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.finishTrial(running.id(), notFinished, "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.trial(pending.id())).isEqualTo(pending);
    assertThat(store.trial(running.id())).isEqualTo(running);
  }

  @Test
  void aRunningTrialCannotStartAgain() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> store.startTrial(t.id(), "elsewhere", Locations.pid(99L)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.trial(t.id())).isEqualTo(t);
  }

  @Test
  void aPendingTrialCannotBeRequeued() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);

    assertThatThrownBy(() -> store.requeueTrial(t.id(), "x")).isInstanceOf(IllegalStateException.class);
    assertThat(store.trial(t.id())).isEqualTo(t);
  }

  @Test
  void aRequeuedTrialIsPendingAndMayStartAgain() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    clock.advance(Duration.ofSeconds(10));

    store.requeueTrial(t.id(), "interrupted");

    TrialRecord pending = store.trial(t.id());
    assertThat(pending.state()).isEqualTo(TrialState.PENDING);
    assertThat(pending.reason()).isEqualTo("interrupted");
    assertThat(pending.attempts()).isEqualTo(1);
    assertThat(pending.endedAt()).isNull();

    Instant again = clock.advance(Duration.ofSeconds(10));
    store.startTrial(t.id(), "runs/again", Locations.pid(777L));
    TrialRecord restarted = store.trial(t.id());
    assertThat(restarted.state()).isEqualTo(TrialState.RUNNING);
    assertThat(restarted.attempts()).isEqualTo(2);
    assertThat(restarted.pid()).isEqualTo(777L);
    assertThat(restarted.trialDir()).isEqualTo("runs/again");
    assertThat(restarted.startedAt()).isEqualTo(again);
    assertThat(restarted.heartbeatAt()).isEqualTo(again);

    store.finishTrial(t.id(), TrialState.COMPLETE, "ok");
    assertThat(store.trial(t.id()).state()).isEqualTo(TrialState.COMPLETE);
  }

  static Stream<Arguments> finishedTrials() {
    return Stream.of(
        Arguments.of(TrialState.COMPLETE, true),
        Arguments.of(TrialState.PRUNED, true),
        Arguments.of(TrialState.FAILED, true),
        Arguments.of(TrialState.FAILED, false));
  }

  /** Every write to a finished trial throws and changes nothing. */
  @ParameterizedTest(name = "{0} (started: {1})")
  @MethodSource("finishedTrials")
  void finishedTrialsAreImmutable(TrialState end, boolean started) {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);
    if (started) {
      store.startTrial(t.id(), "runs/1", Locations.pid(5L));
      store.recordProvenance(t.id(), provenance("abc123"));
      epoch(s, t, 1, 0.4);
      store.recordCheckpoint(t.id(), 1, "ck/1");
    }
    store.finishTrial(t.id(), end, "the end");
    TrialRecord before = store.trial(t.id());
    List<EpochRecord> epochsBefore = store.epochs(t.id());
    var provenanceBefore = store.provenance(t.id());
    clock.advance(Duration.ofHours(1));

    List<Consumer<Store>> writes = List.of(
        st -> st.startTrial(t.id(), "runs/again", Locations.pid(6L)),
        st -> st.recordEpoch(t.id(), 2, Map.of("accuracy", 0.9)),
        st -> st.recordEpoch(t.id(), 1, Map.of("accuracy", 0.9)),
        st -> st.recordCheckpoint(t.id(), 2, "ck/2"),
        st -> st.recordCheckpoint(t.id(), 1, "ck/1-again"),
        st -> st.heartbeat(t.id()),
        st -> st.finishTrial(t.id(), TrialState.COMPLETE, "again"),
        st -> st.finishTrial(t.id(), TrialState.PRUNED, "again"),
        st -> st.finishTrial(t.id(), TrialState.FAILED, "again"),
        st -> st.requeueTrial(t.id(), "again"),
        st -> st.recordProvenance(t.id(), provenance("def456")));
    for (int i = 0; i < writes.size(); i++) {
      Consumer<Store> write = writes.get(i);
      assertThatThrownBy(() -> write.accept(store)).as("write #%d", i).isInstanceOf(IllegalStateException.class);
    }

    assertThat(store.trial(t.id())).isEqualTo(before);
    assertThat(store.epochs(t.id())).isEqualTo(epochsBefore);
    assertThat(store.provenance(t.id())).isEqualTo(provenanceBefore);
  }

  // ---- epochs ----

  @Test
  void epochsAreWrittenOnlyToRunningTrials() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);

    assertThatThrownBy(() -> epoch(s, t, 1, 0.5)).isInstanceOf(IllegalStateException.class);
    assertThat(store.epochs(t.id())).isEmpty();
    assertThat(store.trial(t.id())).isEqualTo(t);

    store.startTrial(t.id(), "d", Locations.pid(1L));
    store.requeueTrial(t.id(), "back to pending");
    TrialRecord requeued = store.trial(t.id());
    assertThatThrownBy(() -> epoch(s, t, 1, 0.5)).isInstanceOf(IllegalStateException.class);
    assertThat(store.epochs(t.id())).isEmpty();
    assertThat(store.trial(t.id())).isEqualTo(requeued);
  }

  @Test
  void epochsReadBackByEpochWithTheClocksTime() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    Instant at2 = clock.advance(Duration.ofSeconds(1));
    store.recordEpoch(t.id(), 2, Map.of("accuracy", 0.6, "loss", 0.9));
    Instant at1 = clock.advance(Duration.ofSeconds(1));
    store.recordEpoch(t.id(), 1, Map.of("accuracy", 0.5, "loss", 1.1));
    Instant at3 = clock.advance(Duration.ofMillis(1));
    store.recordEpoch(t.id(), 3, Map.of("accuracy", 0.7, "loss", 0.8));

    List<EpochRecord> epochs = store.epochs(t.id());

    assertThat(epochs).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    assertThat(epochs.get(0).metrics()).containsOnly(entry("accuracy", 0.5), entry("loss", 1.1));
    assertThat(epochs.get(1).metrics()).containsOnly(entry("accuracy", 0.6), entry("loss", 0.9));
    assertThat(epochs.get(2).metrics()).containsOnly(entry("accuracy", 0.7), entry("loss", 0.8));
    assertThat(epochs).extracting(EpochRecord::at).containsExactly(at1, at2, at3);
    TrialRecord read = store.trial(t.id());
    assertThat(read.lastEpoch()).isEqualTo(3);
    assertThat(read.heartbeatAt()).isEqualTo(at3);
  }

  @Test
  void writingAnEpochAgainReplacesIt() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    store.recordEpoch(t.id(), 1, Map.of("accuracy", 0.9, "loss", 0.1, "f1", 0.8));
    store.recordEpoch(t.id(), 2, Map.of("accuracy", 0.5));
    assertThat(store.trial(t.id()).bestEpoch()).isEqualTo(1);

    Instant again = clock.advance(Duration.ofSeconds(7));
    store.recordEpoch(t.id(), 1, Map.of("accuracy", 0.2, "loss", 0.3));

    List<EpochRecord> epochs = store.epochs(t.id());
    assertThat(epochs).hasSize(2);
    assertThat(epochs.get(0).epoch()).isEqualTo(1);
    assertThat(epochs.get(0).metrics()).containsOnly(entry("accuracy", 0.2), entry("loss", 0.3));
    assertThat(epochs.get(0).at()).isEqualTo(again);
    assertThat(epochs.get(1).metrics()).containsOnly(entry("accuracy", 0.5));
    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.5);
    assertThat(read.lastEpoch()).isEqualTo(2);
  }

  @Test
  void bestEpochUnderMaximizeIsTheLargestValue() {
    SweepRecord s = sweep("max", Goal.MAXIMIZE);
    TrialRecord t = running(s, 1);

    epoch(s, t, 1, 0.5);
    assertThat(store.trial(t.id()).bestEpoch()).isEqualTo(1);
    assertThat(store.trial(t.id()).bestValue()).isEqualTo(0.5);
    epoch(s, t, 2, 0.8);
    epoch(s, t, 3, 0.7);
    epoch(s, t, 4, -1.0);

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.8);
    assertThat(read.lastEpoch()).isEqualTo(4);
  }

  @Test
  void bestEpochUnderMinimizeIsTheSmallestValue() {
    SweepRecord s = sweep("min", Goal.MINIMIZE);
    TrialRecord t = running(s, 1);

    epoch(s, t, 1, 0.5);
    epoch(s, t, 2, 0.3);
    epoch(s, t, 3, 0.4);
    epoch(s, t, 4, 2.0);

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.3);
    assertThat(read.lastEpoch()).isEqualTo(4);
  }

  @Test
  void bestFollowsTheSweepMetricOnly() {
    SweepRecord s = sweep("min", Goal.MINIMIZE); // metric "loss"
    TrialRecord t = running(s, 1);

    store.recordEpoch(t.id(), 1, Map.of("accuracy", 0.1, "loss", 0.9));
    store.recordEpoch(t.id(), 2, Map.of("accuracy", 0.0, "loss", 0.5));
    store.recordEpoch(t.id(), 3, Map.of("accuracy", -5.0)); // no sweep metric at all

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.5);
    assertThat(read.lastEpoch()).isEqualTo(3);
  }

  @Test
  void withoutTheSweepMetricThereIsNoBest() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    store.recordEpoch(t.id(), 1, Map.of("loss", 0.3));

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isNull();
    assertThat(read.bestValue()).isNull();
    assertThat(read.lastEpoch()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Goal.class)
  void tiesKeepTheEarlierEpoch(Goal goal) {
    SweepRecord s = sweep("tie", goal);
    TrialRecord t = running(s, 1);
    double worse = goal == Goal.MAXIMIZE ? 0.1 : 0.9;

    epoch(s, t, 1, worse);
    epoch(s, t, 2, 0.5);
    epoch(s, t, 3, 0.5);
    epoch(s, t, 4, worse);
    assertThat(store.trial(t.id()).bestEpoch()).isEqualTo(2);

    // written out of order, the earlier epoch still wins
    TrialRecord u = running(s, 2);
    epoch(s, u, 5, 0.5);
    epoch(s, u, 3, 0.5);
    assertThat(store.trial(u.id()).bestEpoch()).isEqualTo(3);
    assertThat(store.trial(u.id()).bestValue()).isEqualTo(0.5);
  }

  @ParameterizedTest
  @EnumSource(Goal.class)
  void nonFiniteValuesNeverCountAsBestAndReadBackAsNaN(Goal goal) {
    SweepRecord s = sweep("nan", goal);
    TrialRecord t = running(s, 1);
    double tempting = goal == Goal.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;

    epoch(s, t, 1, Double.NaN);
    assertThat(store.trial(t.id()).bestEpoch()).isNull();
    assertThat(store.trial(t.id()).bestValue()).isNull();
    epoch(s, t, 2, 0.5);
    epoch(s, t, 3, tempting);
    epoch(s, t, 4, -tempting);
    epoch(s, t, 5, Double.NaN);

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.5);
    assertThat(read.lastEpoch()).isEqualTo(5);

    List<EpochRecord> epochs = store.epochs(t.id());
    assertThat(epochs).extracting(EpochRecord::epoch).containsExactly(1, 2, 3, 4, 5);
    for (int i : new int[] {0, 2, 3, 4}) {
      assertThat(epochs.get(i).metrics().get(s.metric())).as("epoch %d", i + 1).isNaN();
      assertThat(epochs.get(i).metrics().get("other")).as("epoch %d other", i + 1).isNaN();
    }
    assertThat(epochs.get(1).metrics()).containsOnly(entry(s.metric(), 0.5), entry("other", -0.5));
  }

  @Test
  void onlyNonFiniteValuesLeaveNoBest() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, Double.NaN);
    epoch(s, t, 2, Double.POSITIVE_INFINITY);
    epoch(s, t, 3, Double.NEGATIVE_INFINITY);

    TrialRecord read = store.trial(t.id());
    assertThat(read.bestEpoch()).isNull();
    assertThat(read.bestValue()).isNull();
    assertThat(read.lastEpoch()).isEqualTo(3);
    assertThat(store.epochs(t.id())).hasSize(3)
        .allSatisfy(e -> assertThat(e.metrics().get("accuracy")).isNaN());
  }

  @Test
  void heartbeatRecordsTheClocksTime() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    Instant beat = clock.advance(Duration.ofSeconds(30));

    store.heartbeat(t.id());

    TrialRecord read = store.trial(t.id());
    assertThat(read.heartbeatAt()).isEqualTo(beat);
    assertThat(read.startedAt()).isEqualTo(T0);
    assertThat(read.state()).isEqualTo(TrialState.RUNNING);
  }

  // ---- checkpoints and requeue ----

  @Test
  void checkpointsAreTrackedWithTheBestEpoch() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    store.recordCheckpoint(t.id(), 1, "ck/epoch-1");
    epoch(s, t, 2, 0.4);
    store.recordCheckpoint(t.id(), 2, "ck/epoch-2");

    TrialRecord read = store.trial(t.id());
    assertThat(read.lastCheckpointEpoch()).isEqualTo(2);
    assertThat(read.lastCheckpoint()).isEqualTo("ck/epoch-2");
    assertThat(read.bestEpoch()).isEqualTo(1);
    assertThat(read.bestCheckpoint()).isEqualTo("ck/epoch-1");

    epoch(s, t, 3, 0.9); // best now, without a checkpoint
    read = store.trial(t.id());
    assertThat(read.bestEpoch()).isEqualTo(3);
    assertThat(read.bestCheckpoint()).isNull();
    assertThat(read.lastCheckpoint()).isEqualTo("ck/epoch-2");
  }

  @Test
  void requeueForgetsEverythingAfterTheLastCheckpointAndRecomputesBest() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    store.recordCheckpoint(t.id(), 1, "ck/1");
    epoch(s, t, 2, 0.6);
    store.recordCheckpoint(t.id(), 2, "ck/2");
    epoch(s, t, 3, 0.9);
    epoch(s, t, 4, 0.7);
    assertThat(store.trial(t.id()).bestEpoch()).isEqualTo(3);
    List<EpochRecord> kept = store.epochs(t.id()).subList(0, 2);

    store.requeueTrial(t.id(), "interrupted");

    TrialRecord read = store.trial(t.id());
    assertThat(read.state()).isEqualTo(TrialState.PENDING);
    assertThat(store.epochs(t.id())).isEqualTo(kept);
    assertThat(read.lastEpoch()).isEqualTo(2);
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.bestValue()).isEqualTo(0.6);
    assertThat(read.lastCheckpointEpoch()).isEqualTo(2);
    assertThat(read.lastCheckpoint()).isEqualTo("ck/2");
    assertThat(read.bestCheckpoint()).isEqualTo("ck/2");

    // it runs on from the checkpoint
    store.startTrial(t.id(), "d", Locations.pid(2L));
    epoch(s, t, 3, 0.55);
    store.recordCheckpoint(t.id(), 3, "ck/3-again");
    read = store.trial(t.id());
    assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    assertThat(read.bestEpoch()).isEqualTo(2);
    assertThat(read.lastCheckpoint()).isEqualTo("ck/3-again");
  }

  @Test
  void requeueForgetsCheckpointsAfterTheLastEpochKept() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    epoch(s, t, 2, 0.6);
    store.recordCheckpoint(t.id(), 2, "ck/2");
    epoch(s, t, 3, 0.7);
    store.recordCheckpoint(t.id(), 3, "ck/3");

    store.requeueTrial(t.id(), "interrupted");

    TrialRecord read = store.trial(t.id());
    assertThat(read.lastCheckpointEpoch()).isEqualTo(3);
    assertThat(read.lastCheckpoint()).isEqualTo("ck/3");
    assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
    assertThat(read.bestEpoch()).isEqualTo(3);
    assertThat(read.bestCheckpoint()).isEqualTo("ck/3");
  }

  @Test
  void requeueWithoutACheckpointForgetsEveryEpoch() {
    SweepRecord s = sweep("min", Goal.MINIMIZE);
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    epoch(s, t, 2, 0.4);

    store.requeueTrial(t.id(), "lost");

    TrialRecord read = store.trial(t.id());
    assertThat(store.epochs(t.id())).isEmpty();
    assertThat(read.lastEpoch()).isNull();
    assertThat(read.bestEpoch()).isNull();
    assertThat(read.bestValue()).isNull();
    assertThat(read.lastCheckpointEpoch()).isNull();
    assertThat(read.lastCheckpoint()).isNull();
    assertThat(read.bestCheckpoint()).isNull();
  }

  // ---- best trial ----

  @Test
  void bestTrialUnderMaximizeAmongCompleteAndPrunedOnly() {
    SweepRecord s = sweep("max", Goal.MAXIMIZE);
    finished(s, Phase.SEARCH, 1, TrialState.COMPLETE, 0.5, 0.6);
    TrialRecord pruned = finished(s, Phase.SEARCH, 2, TrialState.PRUNED, 0.3, 0.8, 0.1);
    finished(s, Phase.SEARCH, 3, TrialState.FAILED, 0.99);
    TrialRecord running = running(s, 4);
    epoch(s, running, 1, 0.95);
    trial(s, 5);
    finished(s, Phase.RETRAIN, 0, TrialState.COMPLETE, 0.97);

    assertThat(store.bestTrial(s.id(), Phase.SEARCH).map(TrialRecord::id)).contains(pruned.id());
    assertThat(store.bestTrial(s.id(), Phase.SEARCH).orElseThrow()).isEqualTo(store.trial(pruned.id()));
  }

  @Test
  void bestTrialUnderMinimize() {
    SweepRecord s = sweep("min", Goal.MINIMIZE);
    TrialRecord low = finished(s, Phase.SEARCH, 1, TrialState.COMPLETE, 0.9, 0.2, 0.4);
    finished(s, Phase.SEARCH, 2, TrialState.COMPLETE, 0.3);
    finished(s, Phase.SEARCH, 3, TrialState.PRUNED, 0.25);
    finished(s, Phase.SEARCH, 4, TrialState.FAILED, 0.01);

    assertThat(store.bestTrial(s.id(), Phase.SEARCH).map(TrialRecord::id)).contains(low.id());
  }

  @ParameterizedTest
  @EnumSource(Goal.class)
  void bestTrialTiesGoToTheLowerNumber(Goal goal) {
    SweepRecord s = sweep("tie", goal);
    finished(s, Phase.SEARCH, 9, TrialState.COMPLETE, 0.5);
    TrialRecord four = finished(s, Phase.SEARCH, 4, TrialState.PRUNED, 0.5);
    finished(s, Phase.SEARCH, 6, TrialState.COMPLETE, 0.5);
    finished(s, Phase.SEARCH, 2, TrialState.COMPLETE, goal == Goal.MAXIMIZE ? 0.4 : 0.6);

    assertThat(store.bestTrial(s.id(), Phase.SEARCH).map(TrialRecord::id)).contains(four.id());
  }

  @Test
  void bestTrialIsPerPhaseAndPerSweep() {
    SweepRecord s = maxSweep();
    SweepRecord other = sweep("other", Goal.MAXIMIZE);
    TrialRecord search = finished(s, Phase.SEARCH, 1, TrialState.COMPLETE, 0.5);
    TrialRecord retrain = finished(s, Phase.RETRAIN, 0, TrialState.COMPLETE, 0.4);
    finished(other, Phase.SEARCH, 1, TrialState.COMPLETE, 0.99);

    assertThat(store.bestTrial(s.id(), Phase.SEARCH).map(TrialRecord::id)).contains(search.id());
    assertThat(store.bestTrial(s.id(), Phase.RETRAIN).map(TrialRecord::id)).contains(retrain.id());
  }

  @Test
  void noBestTrialWithoutAFinishedTrialWithAValue() {
    SweepRecord s = maxSweep();
    assertThat(store.bestTrial(s.id(), Phase.SEARCH)).isEmpty();

    finished(s, Phase.SEARCH, 1, TrialState.COMPLETE);
    finished(s, Phase.SEARCH, 2, TrialState.PRUNED, Double.NaN, Double.POSITIVE_INFINITY);
    finished(s, Phase.SEARCH, 3, TrialState.FAILED, 0.7);
    TrialRecord r = running(s, 4);
    epoch(s, r, 1, 0.9);

    assertThat(store.bestTrial(s.id(), Phase.SEARCH)).isEmpty();
    assertThat(store.bestTrial(s.id(), Phase.RETRAIN)).isEmpty();
  }

  // ---- events ----

  @Test
  void eventsReadBackInTheOrderWritten() {
    SweepRecord s = maxSweep();
    SweepRecord other = sweep("other", Goal.MINIMIZE);
    TrialRecord t = trial(s, 1);

    store.recordEvent(s.id(), null, "sweep-started", "3 trials");
    Instant second = clock.advance(Duration.ofSeconds(2));
    store.recordEvent(s.id(), t.id(), "trial-started", null);
    store.recordEvent(other.id(), null, "elsewhere", "not ours");
    Instant third = clock.advance(Duration.ofSeconds(-60)); // a clock stepped back does not reorder events
    store.recordEvent(s.id(), t.id(), "b-failed", "exit 3");
    store.recordEvent(s.id(), null, "a-phase", "retrain"); // same instant: write order decides

    List<EventRecord> events = store.events(s.id());
    assertThat(events).extracting(EventRecord::type)
        .containsExactly("sweep-started", "trial-started", "b-failed", "a-phase");
    assertThat(events).extracting(EventRecord::trialId).containsExactly(null, t.id(), t.id(), null);
    assertThat(events).extracting(EventRecord::message).containsExactly("3 trials", null, "exit 3", "retrain");
    assertThat(events).extracting(EventRecord::at).containsExactly(T0, second, third, third);
    assertThat(events).extracting(EventRecord::id).doesNotHaveDuplicates();
    assertThat(store.events(other.id())).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("not ours"));
  }

  @Test
  void aSweepWithoutEventsHasNone() {
    SweepRecord s = maxSweep();
    assertThat(store.events(s.id())).isEmpty();
  }

  // ---- provenance ----

  @Test
  void provenanceRoundTripsEveryField() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    assertThat(store.provenance(t.id())).isEmpty();
    Provenance p = provenance("0123456789abcdef+dirty");

    store.recordProvenance(t.id(), p);

    Provenance read = store.provenance(t.id()).orElseThrow();
    assertThat(read).isEqualTo(p);
    assertThat(read.specHash()).isEqualTo("sha256:spec");
    assertThat(read.seed()).isEqualTo(987654321012L);
    assertThat(read.dataHash()).isEqualTo("sha256:data");
    assertThat(read.gitCommit()).isEqualTo("0123456789abcdef+dirty");
    assertThat(read.sweepVersion()).isEqualTo("0.1.0");
    assertThat(read.javaVersion()).isEqualTo("17.0.15");
    assertThat(read.os()).isEqualTo("Linux 6.1 amd64");
    assertThat(read.cpuThreads()).isEqualTo(4);
    assertThat(read.libraries()).containsOnly(entry("djl", "0.30.0"), entry("pytorch", "2.4.0"));
    assertThat(read.params()).containsOnly(entry("lr", 0.001), entry("batch", 32L), entry("optimizer", "adamw"),
        entry("augment", true));
    assertThat(read.params().get("batch")).isInstanceOf(Long.class);
    assertThat(read.params().get("lr")).isInstanceOf(Double.class);
    assertThat(read.params().get("augment")).isInstanceOf(Boolean.class);
    assertThat(read.params().get("optimizer")).isInstanceOf(String.class);
  }

  @Test
  void provenanceKeepsNullsAndEmptyMaps() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);
    Provenance p = new Provenance("h", -1L, Map.of("w", 2.0), null, null, null, null, null, Map.of());

    store.recordProvenance(t.id(), p); // a PENDING trial may have provenance too

    Provenance read = store.provenance(t.id()).orElseThrow();
    assertThat(read).isEqualTo(p);
    assertThat(read.dataHash()).isNull();
    assertThat(read.gitCommit()).isNull();
    assertThat(read.libraries()).isEmpty();
    assertThat(read.cpuThreads()).as("a trial given no thread count, or recorded before it was").isNull();
    assertThat(read.params().get("w")).isInstanceOf(Double.class);
  }

  @Test
  void recordProvenanceReplacesTheLastOne() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    TrialRecord other = running(s, 2);
    store.recordProvenance(t.id(), provenance("first"));
    store.recordProvenance(other.id(), provenance("other"));

    Provenance second = new Provenance("sha256:spec2", 5L, Map.of("lr", 0.5), "d2", "second", "0.2.0", "21",
        "macOS", Map.of("onnxruntime", "1.19"));
    store.recordProvenance(t.id(), second);

    assertThat(store.provenance(t.id())).contains(second);
    assertThat(store.provenance(other.id()).orElseThrow().gitCommit()).isEqualTo("other");
  }

  // ---- reads are immutable ----

  @Test
  void readsReturnImmutableRecords() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    store.recordProvenance(t.id(), provenance("c"));

    List<Map<String, ?>> maps = new ArrayList<>();
    maps.add(store.trial(t.id()).params());
    maps.add(store.trials(s.id()).get(0).params());
    maps.add(store.epochs(t.id()).get(0).metrics());
    maps.add(store.provenance(t.id()).orElseThrow().params());
    maps.add(store.provenance(t.id()).orElseThrow().libraries());
    for (Map<String, ?> m : maps) {
      assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(store.trial(t.id()).params()).isNotEmpty();
    assertThat(store.epochs(t.id()).get(0).metrics()).isNotEmpty();
  }

  // ---- unknown ids ----

  static final long NO_SUCH_ID = 987_654_321L;

  static Stream<Arguments> callsWithUnknownIds() {
    Map<String, Consumer<Store>> calls = new LinkedHashMap<>();
    calls.put("setSweepState", st -> st.setSweepState(NO_SUCH_ID, SweepState.FAILED, "x"));
    calls.put("setSweepBest(unknown sweep)", st -> st.setSweepBest(NO_SUCH_ID, existingTrial(st), "ck"));
    calls.put("setSweepBest(unknown trial)", st -> st.setSweepBest(existingSweep(st), NO_SUCH_ID, "ck"));
    calls.put("createTrial", st -> st.createTrial(new NewTrial(NO_SUCH_ID, Phase.SEARCH, 1, Map.of(), 1, 1, null)));
    calls.put("startTrial", st -> st.startTrial(NO_SUCH_ID, "d", Locations.pid(1)));
    calls.put("recordProvenance", st -> st.recordProvenance(NO_SUCH_ID, provenance("x")));
    calls.put("recordEpoch", st -> st.recordEpoch(NO_SUCH_ID, 1, Map.of("accuracy", 1.0)));
    calls.put("recordCheckpoint", st -> st.recordCheckpoint(NO_SUCH_ID, 1, "ck"));
    calls.put("heartbeat", st -> st.heartbeat(NO_SUCH_ID));
    calls.put("finishTrial", st -> st.finishTrial(NO_SUCH_ID, TrialState.FAILED, "x"));
    calls.put("requeueTrial", st -> st.requeueTrial(NO_SUCH_ID, "x"));
    calls.put("recordEvent", st -> st.recordEvent(NO_SUCH_ID, null, "t", "m"));
    calls.put("trials", st -> st.trials(NO_SUCH_ID));
    calls.put("trial", st -> st.trial(NO_SUCH_ID));
    calls.put("epochs", st -> st.epochs(NO_SUCH_ID));
    calls.put("events", st -> st.events(NO_SUCH_ID));
    calls.put("provenance", st -> st.provenance(NO_SUCH_ID));
    calls.put("bestTrial", st -> st.bestTrial(NO_SUCH_ID, Phase.SEARCH));
    calls.put("trials(phase, states)", st -> st.trials(NO_SUCH_ID, Phase.SEARCH, java.util.Set.of()));
    calls.put("trialCounts", st -> st.trialCounts(NO_SUCH_ID, Phase.SEARCH));
    calls.put("metricCurves", st -> st.metricCurves(NO_SUCH_ID, Phase.SEARCH, "accuracy"));
    return calls.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static long existingSweep(Store st) {
    return st.sweep("max").orElseThrow().id();
  }

  private static long existingTrial(Store st) {
    return st.trials(existingSweep(st)).get(0).id();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callsWithUnknownIds")
  void unknownIdsThrowStoreException(String name, Consumer<Store> call) {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 1);
    List<SweepRecord> sweepsBefore = store.sweeps();

    assertThatThrownBy(() -> call.accept(store)).isInstanceOf(StoreException.class);

    assertThat(store.sweeps()).isEqualTo(sweepsBefore);
    assertThat(store.trials(s.id())).containsExactly(t);
    assertThat(store.events(s.id())).isEmpty();
  }

  // ---- time ----

  @Test
  void everyTimestampComesFromTheClock() {
    Instant t1 = ms(clock.advance(Duration.ofDays(400)));
    SweepRecord s = maxSweep();
    Instant t2 = clock.advance(Duration.ofMillis(1));
    TrialRecord t = trial(s, 1);
    Instant t3 = clock.advance(Duration.ofMillis(1));
    store.startTrial(t.id(), "d", Locations.pid(1L));
    Instant t4 = clock.advance(Duration.ofMillis(1));
    epoch(s, t, 1, 0.1);
    Instant t5 = clock.advance(Duration.ofMillis(1));
    store.heartbeat(t.id());
    Instant t6 = clock.advance(Duration.ofMillis(1));
    store.recordEvent(s.id(), t.id(), "e", null);
    Instant t7 = clock.advance(Duration.ofMillis(1));
    store.finishTrial(t.id(), TrialState.COMPLETE, "ok");
    Instant t8 = clock.advance(Duration.ofMillis(1));
    store.setSweepState(s.id(), SweepState.COMPLETE, null);

    SweepRecord sr = store.sweep("max").orElseThrow();
    TrialRecord tr = store.trial(t.id());
    assertThat(sr.createdAt()).isEqualTo(t1);
    assertThat(tr.createdAt()).isEqualTo(t2);
    assertThat(tr.startedAt()).isEqualTo(t3);
    assertThat(store.epochs(t.id()).get(0).at()).isEqualTo(t4);
    assertThat(tr.heartbeatAt()).isEqualTo(t5);
    assertThat(store.events(s.id()).get(0).at()).isEqualTo(t6);
    assertThat(tr.endedAt()).isEqualTo(t7);
    assertThat(sr.updatedAt()).isEqualTo(t8);
  }

  // ---- data snapshots ----

  @Test
  void aSweepRecordsItsDataOnceWithTheClocksTime() {
    SweepRecord s = maxSweep();
    assertThat(store.dataSnapshot(s.id())).isEmpty();
    DataSnapshot d = new DataSnapshot("dynamodb://receipts", "/runs/max/data/receipts.jsonl", 5000, 4990,
        "sha256:abc", "10 left out: 10 missing_field", "{\"data\":{}}", null);
    DataSnapshot recorded = store.recordDataSnapshot(s.id(), d);
    assertThat(recorded).isEqualTo(new DataSnapshot(d.source(), d.path(), 5000, 4990, "sha256:abc",
        d.badRows(), d.taskConfig(), ms(T0)));
    assertThat(store.dataSnapshot(s.id())).contains(recorded);
    clock.advance(java.time.Duration.ofSeconds(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.recordDataSnapshot(s.id(), d))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.dataSnapshot(s.id())).contains(recorded);
    SweepRecord other = sweep("other", Goal.MAXIMIZE);
    assertThat(store.dataSnapshot(other.id())).isEmpty();
    DataSnapshot local = store.recordDataSnapshot(other.id(), new DataSnapshot("synthetic", null, 10, 10, "h",
        "none", "{}", null));
    assertThat(local.path()).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.dataSnapshot(999_999))
        .isInstanceOf(StoreException.class);
  }

  // ---- promotions ----

  @Test
  void promotionsAreRecordedInOrderWithTheClocksTime() {
    SweepRecord s = maxSweep();
    TrialRecord t = finished(s, Phase.RETRAIN, 0, TrialState.COMPLETE, 0.5, 0.7);
    PromotionRecord refused = store.recordPromotion(s.id(), t.id(), false, 0.7, 0.9, null, "worse than production");
    clock.advance(java.time.Duration.ofSeconds(5));
    PromotionRecord made = store.recordPromotion(s.id(), t.id(), true, 0.7, null, "max-retrain-1", "promoted");
    assertThat(store.promotions(s.id())).containsExactly(refused, made);
    assertThat(refused.at()).isEqualTo(ms(T0));
    assertThat(made.at()).isEqualTo(ms(T0.plusSeconds(5)));
    assertThat(made.previousValue()).isNull();
    assertThat(refused.promoted()).isFalse();
    SweepRecord other = sweep("other", Goal.MAXIMIZE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.recordPromotion(other.id(), t.id(), true, 0.7,
        null, "v", "x")).isInstanceOf(StoreException.class);
  }

  @Test
  void onlyPendingTrialsChangeParameters() {
    SweepRecord s = maxSweep();
    TrialRecord t = trial(s, 0);
    store.updatePendingParams(t.id(), Map.of("batch", 8L, "accumulation", 4L), "out of memory");
    assertThat(store.trial(t.id()).params()).containsExactly(entry("accumulation", 4L), entry("batch", 8L));
    assertThat(store.events(s.id())).anyMatch(e -> e.type().equals("params-changed"));
    store.startTrial(t.id(), "d", Locations.pid(1L));
    assertThatThrownBy(() -> store.updatePendingParams(t.id(), Map.of(), "x")).isInstanceOf(IllegalStateException.class);
  }
}
