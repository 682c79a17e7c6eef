package sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;
import sweep.testing.FakeClock;
import sweep.testing.Locations;
import sweep.util.BadInputException;

/** The store contract on a real SQLite file, and what only SQLite promises: WAL, durability, schema versions. */
class SqliteStoreTest extends StoreContractTest {

  @Override
  protected Store open(Path dir, Clock clock) {
    return SqliteStore.open(file(dir), clock);
  }

  private static Path file(Path dir) {
    return dir.resolve("sweep.db");
  }

  private Path file() {
    return file(dir);
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static int userVersion(Path file) throws SQLException {
    try (Connection c = connect(file)) {
      return Integer.parseInt(string(c, "PRAGMA user_version"));
    }
  }

  private static List<String> schema(Path file) throws SQLException {
    try (Connection c = connect(file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT type || ' ' || name || ': ' || sql FROM sqlite_master ORDER BY name")) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** Everything one can read of a store, to compare before and after. */
  private static List<Object> everything(Store st) {
    List<Object> out = new ArrayList<>();
    out.add(st.sweeps());
    out.add(st.latestSweep());
    for (SweepRecord s : st.sweeps()) {
      out.add(st.events(s.id()));
      out.add(st.bestTrial(s.id(), Phase.SEARCH));
      out.add(st.bestTrial(s.id(), Phase.RETRAIN));
      for (TrialRecord t : st.trials(s.id())) {
        out.add(t);
        out.add(st.epochs(t.id()));
        out.add(st.provenance(t.id()));
      }
    }
    return out;
  }

  /** A sweep with a finished search, a requeued trial, a running retrain, events and provenance. */
  private void fill() {
    SweepRecord s = sweep("full", Goal.MINIMIZE);
    TrialRecord a = finished(s, Phase.SEARCH, 1, TrialState.COMPLETE, 0.9, 0.4, Double.NaN);
    TrialRecord b = running(s, 2);
    store.recordProvenance(b.id(), provenance(null));
    epoch(s, b, 1, 0.3);
    store.recordCheckpoint(b.id(), 1, "ck/1");
    epoch(s, b, 2, 0.2);
    store.requeueTrial(b.id(), "interrupted");
    clock.advance(Duration.ofSeconds(3));
    TrialRecord r = store.createTrial(new NewTrial(s.id(), Phase.RETRAIN, 0, Map.of("lr", 0.1, "n", 4L), 9L, 10,
        a.id()));
    store.startTrial(r.id(), "runs/retrain", Locations.pid(99L));
    epoch(s, r, 1, 0.35);
    store.recordEvent(s.id(), r.id(), "retrain-started", "from #1");
    store.setSweepBest(s.id(), a.id(), "ck/best");
    store.setSweepState(s.id(), SweepState.INTERRUPTED, "killed");
  }

  // ---- durability ----

  @Test
  void everythingSurvivesCloseAndReopen() {
    fill();
    List<Object> before = everything(store);
    store.close();
    store = null;

    clock.advance(Duration.ofHours(1));
    store = SqliteStore.open(file(), clock);
    assertThat(everything(store)).isEqualTo(before);
    store.close();
    store = null;

    store = SqliteStore.openExisting(file(), clock);
    assertThat(everything(store)).isEqualTo(before);
  }

  @Test
  void writesAreVisibleWithoutClosingTheStore() {
    fill();
    List<Object> before = everything(store);

    // as if the orchestrator were killed now: another process opens the file it left
    try (Store other = SqliteStore.openExisting(file(), Clock.systemUTC())) {
      assertThat(everything(other)).isEqualTo(before);
    }
  }

  @Test
  void aFailedWriteLeavesNoPartOfIt() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    epoch(s, t, 1, 0.5);
    TrialRecord before = store.trial(t.id());
    List<EpochRecord> epochsBefore = store.epochs(t.id());
    clock.advance(Duration.ofSeconds(1));

    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.9);
    metrics.put(null, 1.0); // a metric without a name cannot be stored
    assertThatThrownBy(() -> store.recordEpoch(t.id(), 2, metrics)).isInstanceOf(StoreException.class);

    assertThat(store.epochs(t.id())).isEqualTo(epochsBefore);
    assertThat(store.trial(t.id())).isEqualTo(before);
    epoch(s, t, 2, 0.6); // and the store still works
    assertThat(store.trial(t.id()).bestEpoch()).isEqualTo(2);
  }

  // ---- WAL and readers ----

  @Test
  void theFileUsesWal() throws SQLException {
    maxSweep();
    try (Connection c = connect(file())) {
      assertThat(string(c, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void aSecondConnectionReadsWhileTheStoreIsOpen() throws SQLException {
    SweepRecord s = maxSweep();
    try (Connection reader = connect(file())) {
      assertThat(string(reader, "SELECT name FROM sweeps")).isEqualTo("max");

      TrialRecord t = running(s, 1);
      epoch(s, t, 1, 0.5);
      assertThat(string(reader, "SELECT state FROM trials WHERE id = " + t.id())).isEqualTo("RUNNING");

      // a reader inside a read transaction does not block the writer, and keeps its snapshot until it ends
      reader.setAutoCommit(false);
      assertThat(string(reader, "SELECT COUNT(*) FROM metrics WHERE trial_id = " + t.id())).isEqualTo("2");
      long started = System.nanoTime();
      epoch(s, t, 2, 0.6);
      store.finishTrial(t.id(), TrialState.COMPLETE, "ok");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(string(reader, "SELECT COUNT(*) FROM metrics WHERE trial_id = " + t.id())).isEqualTo("2");
      reader.commit();
      reader.setAutoCommit(true);

      assertThat(string(reader, "SELECT COUNT(*) FROM metrics WHERE trial_id = " + t.id())).isEqualTo("4");
      assertThat(string(reader, "SELECT state FROM trials WHERE id = " + t.id())).isEqualTo("COMPLETE");
    }
  }

  @Test
  void aSecondStoreReadsWhileTheFirstWrites() {
    SweepRecord s = maxSweep();
    TrialRecord t = running(s, 1);
    try (Store reader = SqliteStore.openExisting(file(), Clock.systemUTC())) {
      assertThat(reader.trial(t.id()).state()).isEqualTo(TrialState.RUNNING);
      epoch(s, t, 1, 0.7);
      assertThat(reader.trial(t.id()).bestValue()).isEqualTo(0.7);
      assertThat(reader.epochs(t.id())).isEqualTo(store.epochs(t.id()));
      store.finishTrial(t.id(), TrialState.PRUNED, "pruned");
      assertThat(reader.bestTrial(s.id(), Phase.SEARCH)).contains(store.trial(t.id()));
    }
  }

  // ---- opening ----

  @Test
  void openCreatesMissingDirectories() {
    Path nested = dir.resolve("a").resolve("b").resolve("sweep.db");
    try (Store st = SqliteStore.open(nested, clock)) {
      st.createSweep(newSweep("x", "m", Goal.MAXIMIZE));
    }
    assertThat(nested).isRegularFile();
  }

  @Test
  void openExistingRefusesAMissingFile() {
    Path missing = dir.resolve("nowhere.db");

    assertThatThrownBy(() -> SqliteStore.openExisting(missing, clock))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(missing.toString());
    assertThat(missing).doesNotExist();
  }

  @Test
  void aNewerSchemaIsRefusedWithAClearMessage() throws SQLException {
    maxSweep();
    store.close();
    store = null;
    int newer = Migrations.latest() + 1;
    try (Connection c = connect(file()); Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA user_version = " + newer);
    }

    assertThatThrownBy(() -> SqliteStore.open(file(), clock))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("version " + newer)
        .hasMessageContaining("newer")
        .hasMessageContaining(String.valueOf(Migrations.latest()));
    assertThatThrownBy(() -> SqliteStore.openExisting(file(), clock))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("version " + newer)
        .hasMessageContaining("newer")
        .hasMessageContaining(String.valueOf(Migrations.latest()));

    // refused, not touched: the version and the data are as they were
    assertThat(userVersion(file())).isEqualTo(newer);
    try (Connection c = connect(file())) {
      assertThat(string(c, "SELECT name FROM sweeps")).isEqualTo("max");
    }
  }

  @Test
  void openExistingRefusesAnOlderSchemaAndOpenUpgradesIt() throws SQLException {
    Path old = dir.resolve("old.db");
    try (Connection c = connect(old); Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE unrelated (x INTEGER)"); // a database at version 0
    }

    assertThatThrownBy(() -> SqliteStore.openExisting(old, clock))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("version 0");
    assertThat(userVersion(old)).isZero();

    try (Store st = SqliteStore.open(old, clock)) {
      st.createSweep(newSweep("x", "m", Goal.MAXIMIZE));
    }
    assertThat(userVersion(old)).isEqualTo(Migrations.latest());
    try (Store st = SqliteStore.openExisting(old, clock)) {
      assertThat(st.sweep("x")).isPresent();
    }
  }

  @Test
  void openingAnExistingDatabaseDoesNotReapplyMigrations() throws SQLException {
    fill();
    List<Object> before = everything(store);
    store.close();
    store = null;
    assertThat(userVersion(file())).isEqualTo(Migrations.latest());
    List<String> schema = schema(file());

    for (int i = 0; i < 3; i++) {
      try (Store st = SqliteStore.open(file(), clock)) {
        assertThat(everything(st)).isEqualTo(before);
      }
      assertThat(userVersion(file())).isEqualTo(Migrations.latest());
      assertThat(schema(file())).isEqualTo(schema);
    }
    store = SqliteStore.open(file(), clock);
    assertThat(everything(store)).isEqualTo(before);
  }

  @Test
  void aFileThatIsNotADatabaseIsRefused() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not a database, just some text that is long enough ".repeat(20));

    assertThatThrownBy(() -> SqliteStore.open(junk, clock)).isInstanceOf(StoreException.class)
        .hasMessageContaining(junk.toString());
  }

  @Test
  void aSecondSweepFileIsIndependent() {
    maxSweep();
    Path second = dir.resolve("second.db");
    try (Store other = SqliteStore.open(second, new FakeClock(T0))) {
      assertThat(other.sweeps()).isEmpty();
      assertThat(other.latestSweep()).isEqualTo(Optional.empty());
    }
  }

  @Test
  void aVersionOneDatabaseIsUpgradedWithItsDataKept() throws Exception {
    Path file = dir.resolve("v1.db");
    String v1 = new String(getClass().getClassLoader().getResourceAsStream("db/V1__initial.sql").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         java.sql.Statement st = c.createStatement()) {
      for (String sql : v1.split(";\\s*\\n")) {
        if (!sql.isBlank()) {
          st.executeUpdate(sql);
        }
      }
      st.executeUpdate("INSERT INTO sweeps (name, spec_file, spec_hash, spec_json, metric, goal, state, created_at,"
          + " updated_at) VALUES ('old', 'a.yaml', 'h', '{}', 'val_f1', 'MAXIMIZE', 'COMPLETE', 1, 1)");
      st.executeUpdate("PRAGMA user_version = 1");
    }
    try (SqliteStore store = SqliteStore.open(file, java.time.Clock.systemUTC())) {
      SweepRecord old = store.sweep("old").orElseThrow();
      assertThat(old.metric()).isEqualTo("val_f1");
      assertThat(store.promotions(old.id())).isEmpty();
      assertThat(store.dataSnapshot(old.id())).isEmpty();
      assertThat(old.drawsVersion()).as("a sweep older than the record of its draw scheme drew with scheme 1")
          .isEqualTo(1);
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         java.sql.ResultSet rs = c.createStatement().executeQuery("PRAGMA user_version")) {
      assertThat(rs.getInt(1)).isEqualTo(8);
    }
  }
}
