package sweep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import org.sqlite.util.LibraryLoaderUtil;
import sweep.cli.Context;
import sweep.cli.Main;

/**
 * What the {@code ./sweep} launcher runs once per build to make the read commands start fast.
 *
 * <p>{@code StartupTraining DIST WORK}: copies SQLite's native library for this platform to {@code DIST/native/}
 * (the launcher points sqlite-jdbc there, so no command extracts it to a temporary file again), fills a store of
 * {@value #TRIALS} trials under {@code WORK} and runs the read commands on it through {@link Main}, their output
 * discarded. The launcher runs this with {@code -XX:ArchiveClassesAtExit}, so the classes those commands load
 * (picocli, Jackson, the SQLite driver, sweep's own) go into a class-data archive that later JVMs map instead of
 * loading and verifying them from the jars.
 */
public final class StartupTraining {
  static final int TRIALS = 200;

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Path dist = Path.of(args[0]);
    Path work = Path.of(args[1]);
    copySqliteLibrary(dist.resolve("native"));
    Path db = work.resolve("training.db");
    ScaleBench.fill(db, TRIALS);
    Context context = new Context(Map.of(), Clock.systemUTC(), false);
    String file = db.toString();
    for (String[] command : new String[][] {{"--version"}, {"--help"}, {"best", "--db", file},
        {"best", "--db", file, "--json"}, {"status", "--db", file}, {"trials", "--db", file}}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.execute(context, new PrintWriter(out), new PrintWriter(err), command);
      if (code != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": " + err);
      }
    }
  }

  /** Copies the library sqlite-jdbc would extract on this platform to {@code dir}, if the jar has one for it. */
  static void copySqliteLibrary(Path dir) throws IOException {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
      if (in == null) {
        return;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "lib", ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, dir.resolve(LibraryLoaderUtil.getNativeLibName()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
