package sweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The versioned schema. Version N is reached by applying {@code db/V<N>__*.sql} in order, each in one
 * transaction, and is kept in SQLite's {@code user_version}. A database newer than this build is refused rather
 * than guessed at.
 */
final class Migrations {
  /** Scripts in order; index i takes the schema from version i to i + 1. */
  static final List<String> SCRIPTS = List.of("db/V1__initial.sql", "db/V2__promotions.sql",
      "db/V3__data_snapshots.sql", "db/V4__draws_version.sql",
      "db/V5__trial_location.sql", "db/V6__sweep_identity.sql",
      "db/V7__metric_definition.sql", "db/V8__provenance_threads.sql");

  private Migrations() {}

  static int latest() {
    return SCRIPTS.size();
  }

  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Brings the schema to the latest version; returns the version it found. */
  static int migrate(Connection c, String where) throws SQLException {
    int found = version(c);
    if (found < 0) {
      throw new sweep.util.BadInputException(where + " has schema version " + found
          + "; no sweep writes that (is it a database of another program?)");
    }
    if (found > latest()) {
      throw new StoreException(where + " has schema version " + found + ", newer than this sweep reads ("
          + latest() + "); use a newer sweep");
    }
    for (int v = found; v < latest(); v++) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements(SCRIPTS.get(v))) {
          s.executeUpdate(sql);
        }
        s.executeUpdate("PRAGMA user_version = " + (v + 1));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        SqliteConnections.endAfterFailure(c, e); // the first failure is the one reported
        throw e;
      }
      c.setAutoCommit(true);
    }
    return found;
  }

  private static List<String> statements(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return java.util.Arrays.stream(text.split(";\\s*\\n"))
          .map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
