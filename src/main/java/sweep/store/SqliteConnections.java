package sweep.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/** How {@link SqliteStore} connects to its file, and ends a transaction that failed. */
final class SqliteConnections {
  private SqliteConnections() {}

  /**
   * A read-only connection; immutable where the directory is not writable and no write-ahead log is beside the file
   * (nothing can be writing it: a writer would have made the log).
   */
  static Connection readOnly(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(15_000);
    Path dir = file.toAbsolutePath().getParent();
    boolean immutable = dir != null && !Files.isWritable(dir) && !Files.exists(Path.of(file + "-wal"));
    Connection conn = config.createConnection("jdbc:sqlite:" + (immutable ? "file:" + file.toAbsolutePath()
        + "?immutable=1" : file.toString()));
    conn.setAutoCommit(true);
    return conn;
  }

  /** A connection to read and write: WAL, full sync, foreign keys, a 15 s busy timeout. */
  static Connection readWrite(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(15_000);
    config.enforceForeignKeys(true);
    // The driver directly, not through DriverManager, whose first use scans every jar on the class path for
    // drivers and builds log messages (a read command's start-up pays for both).
    Connection conn = config.createConnection("jdbc:sqlite:" + file);
    conn.setAutoCommit(true);
    return conn;
  }

  /** Rolls back and returns {@code c} to auto-commit after {@code failure}, attaching what fails as suppressed. */
  static void endAfterFailure(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

}
