package sweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.Goal;
import sweep.testing.Cli;
import sweep.testing.Locations;

/** What a failing SQLite database reports: its own cause, in one line, never a later error in its place. */
class StoreFailuresTest {
  @TempDir Path dir;

  @Test
  void aCommitThatFailsAsSqliteDoesOnAFullDiskReportsTheFullDisk() throws Exception {
    Path file = dir.resolve("s.db");
    SqliteStore.open(file, Clock.systemUTC()).close();
    Connection real = SqliteConnections.readWrite(file);
    AtomicBoolean full = new AtomicBoolean();
    // The real connection, whose commit fails as SQLite's does when the disk fills: SQLite has already rolled the
    // transaction back (SQLITE_FULL ends it), so the driver's later COMMIT finds none.
    Connection failing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && full.get()) {
            try (Statement s = real.createStatement()) {
              s.execute("ROLLBACK");
            }
            throw new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is"
                + " full)");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (SqliteStore store = new SqliteStore(failing, Clock.systemUTC(), file.toString())) {
      long sweep = store.createSweep(new NewSweep("s", "s.yaml", "h", "{}", "acc", Goal.MAXIMIZE, 2)).id();
      TrialRecord t = store.createTrial(new NewTrial(sweep, Phase.SEARCH, 0, Map.of("lr", 0.1), 1, 5, null));
      store.startTrial(t.id(), "d0", Locations.pid(7));
      full.set(true);

      assertThatThrownBy(() -> store.recordEpoch(t.id(), 1, Map.of("acc", 0.5))).isInstanceOf(StoreException.class)
          .hasMessageContaining("database or disk is full").hasMessageNotContaining("no transaction");

      full.set(false);
      assertThat(store.epochs(t.id())).as("nothing half recorded").isEmpty();
      store.recordEpoch(t.id(), 1, Map.of("acc", 0.5));
      assertThat(store.epochs(t.id())).hasSize(1);
    }
  }

  @Test
  void aNegativeSchemaVersionIsOneLineForEveryCommand() throws Exception {
    Path file = dir.resolve("odd.db");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = -1");
    }
    Path spec = dir.resolve("s.yaml");
    java.nio.file.Files.writeString(spec, """
        name: s
        task: benchmark
        benchmark: {problem: crossing}
        metric: {name: val_score, goal: maximize}
        run_cap: 1
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 1}
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    for (String[] args : new String[][] {{"status", "--db", file.toString()}, {"trials", "--db", file.toString()},
        {"run", spec.toString(), "--db", file.toString()}}) {
      Cli.Result r = Cli.run(args);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().strip()).as(r.toString()).doesNotContain("\n")
          .contains(file + " has schema version -1; no sweep writes that");
    }
  }
}
