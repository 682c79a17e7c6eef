package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.Checksums;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.testing.BenchmarkSpec;
import sweep.testing.Cli;

/**
 * Two databases, one sweep name, one run directory or artifact store: the second sweep is refused before it writes
 * anything, naming both databases, and the first one's files stay as its database records them; promotion checks
 * that the files it copies are the ones its database names.
 */
class SameNameTest {
  @TempDir Path dir;

  private Path spec(String file, String runsDir, String artifacts) throws Exception {
    return BenchmarkSpec.write(dir.resolve(file), "night", 0, "runs_dir: " + runsDir + "\nartifacts: " + artifacts
        + "\n");
  }

  /** Every file under {@code root}, with its SHA-256. */
  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (var walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Checksums.sha256(p));
      }
    }
    return out;
  }

  private void assertRefused(Cli.Result r, Path first, Path second) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip()).as(r.toString()).doesNotContain("\n").contains("belongs to sweep 'night' of the"
        + " database " + first).contains("not to sweep 'night' of " + second).contains("--name");
  }

  @Test
  void aSweepOfTheSameNameInAnotherDatabaseIsRefusedAndTheFirstOnesFilesAreUntouched() throws Exception {
    Path store = dir.resolve("store");
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    Cli.Result first = Cli.run("run", spec("a.yaml", store.resolve("runs").toString(), store.toString()).toString(),
        "--db", a.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    Map<String, String> before = files(store);

    // the same run directory and store
    assertRefused(Cli.run("run", spec("b.yaml", store.resolve("runs").toString(), store.toString()).toString(), "--db",
        b.toString()), a, b);
    // its own run directory, the same store
    assertRefused(Cli.run("run", spec("c.yaml", dir.resolve("elsewhere").toString(), store.toString()).toString(),
        "--db", dir.resolve("c.db").toString()), a, dir.resolve("c.db"));

    assertThat(files(store)).as("the first sweep's files").isEqualTo(before);
    try (Store s = SqliteStore.openExisting(b, Clock.systemUTC())) {
      SweepRecord refused = s.sweep("night").orElseThrow();
      assertThat(refused.state()).isEqualTo(SweepState.FAILED);
      assertThat(refused.reason()).contains("belongs to sweep 'night' of the database " + a);
      assertThat(s.trials(refused.id())).isEmpty();
    }
    Cli.Result promoted = Cli.run("best", "--db", a.toString(), "--promote");
    assertThat(promoted.code()).as(promoted.toString()).isZero();
    assertThat(promoted.out()).contains("promoted night");
  }

  @Test
  void aRunDirectoryTakenOverMidSweepStopsTheNextTrialFromWritingThere() throws Exception {
    Path store = dir.resolve("store");
    Path a = dir.resolve("a.db");
    Path spec = BenchmarkSpec.write(dir.resolve("slow.yaml"), "night", 0, "runs_dir: " + store.resolve("runs")
        + "\nartifacts: " + store + "\n").toAbsolutePath();
    Files.writeString(spec, Files.readString(spec).replace("run_cap: 2", "run_cap: 4")
        .replace("noise: 0.02}", "noise: 0.02, epoch_seconds: 0.3}"));
    Path identity = store.resolve("runs/night/sweep-identity.json");
    Thread takeover = new Thread(() -> {
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline && sweep.testing.StorePolling.trials(a, "night").stream()
          .noneMatch(t -> t.state() == sweep.store.TrialState.COMPLETE)) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
      try { // what a sweep of the same name that got past an older release's checks would leave
        Files.writeString(identity, "{\"uid\": \"0123\", \"sweep\": \"night\", \"database\": \"/other/b.db\"}");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    takeover.start();
    Cli.Result r = Cli.run("run", spec.toString(), "--db", a.toString());
    takeover.join();

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(identity + " belongs to sweep 'night' of the database /other/b.db");
    assertThat(sweep.testing.StorePolling.trials(a, "night")).as("no trial launched after the takeover")
        .hasSizeLessThan(4);
  }

  @Test
  void promotionRefusesABestCheckpointThatIsNotTheOneItsDatabaseRecorded() throws Exception {
    Path store = dir.resolve("store");
    Path a = dir.resolve("a.db");
    assertThat(Cli.run("run", spec("a.yaml", store.resolve("runs").toString(), store.toString()).toString(), "--db",
        a.toString()).code()).isZero();
    // what another release's sweep of that name, unchecked, would have left: other weights, a manifest naming them
    Path best = store.resolve("runs/night/best");
    Files.writeString(best.resolve("state.json"), "{\"other\": true}");
    new sweep.artifact.DirectorySync(new sweep.artifact.LocalArtifactStore(store)).sync(best, "runs/night/best");

    Cli.Result r = Cli.run("best", "--db", a.toString(), "--promote");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("is not the checkpoint sweep 'night' synced").contains("production is unchanged");
    assertThat(store.resolve("production")).doesNotExist();
    try (Store s = SqliteStore.openExisting(a, Clock.systemUTC())) {
      assertThat(s.promotions(s.sweep("night").orElseThrow().id())).singleElement()
          .satisfies(p -> assertThat(p.message()).startsWith("failed: ").contains("wrote over it"));
    }
  }
}
