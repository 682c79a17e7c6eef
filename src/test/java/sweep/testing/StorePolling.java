package sweep.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;

/** Reads a database another process is writing, for tests that wait on a running sweep. */
public final class StorePolling {
  private StorePolling() {}

  /** {@code read(store)}, or {@code fallback} while the database does not exist yet or cannot be read. */
  public static <T> T read(Path db, Function<Store, T> read, T fallback) {
    if (!Files.exists(db)) {
      return fallback;
    }
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      return read.apply(store);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** The trials of sweep {@code name} (none yet if it does not exist). */
  public static List<TrialRecord> trials(Path db, String name) {
    return read(db, s -> s.sweep(name).map(sw -> s.trials(sw.id())).orElse(List.of()), List.of());
  }

  /** Waits up to a minute for a trial of the sweep matching {@code which}; returns its process id, or 0. */
  public static long waitForPid(Path db, String name, Predicate<TrialRecord> which) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      long pid = trials(db, name).stream().filter(which).map(TrialRecord::pid).filter(Objects::nonNull).findFirst()
          .orElse(0L);
      if (pid != 0) {
        return pid;
      }
      Thread.sleep(100);
    }
    return 0;
  }
}
