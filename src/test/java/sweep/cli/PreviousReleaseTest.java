package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.testing.Cli;

/**
 * A database made by the previous release: a benchmark sweep started with random-draw scheme 1 and interrupted by
 * SIGINT after four of its trials (src/test/resources/stores). This release reads it whole, and refuses to resume
 * it (one line, exit 2) rather than mix two draw schemes in one sweep, changing nothing it holds.
 */
class PreviousReleaseTest {
  @TempDir Path dir;

  private Path copy(String resource) throws Exception {
    Path out = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  @Test
  void anInterruptedSweepOfThePreviousReleaseIsReadAndNotResumedAcrossDrawSchemes() throws Exception {
    Path db = copy("stores/previous-release-interrupted.db");
    Path spec = copy("stores/previous-release.yaml");
    int trialsBefore;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
         java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM trials")) {
      rs.next();
      trialsBefore = rs.getInt(1);
    }
    assertThat(trialsBefore).isEqualTo(6);

    Cli.Result resumed = Cli.run("run", spec.toString(), "--db", db.toString(), "--resume");

    assertThat(resumed.code()).as(resumed.toString()).isEqualTo(2);
    assertThat(resumed.err().strip()).as(resumed.toString()).doesNotContain("\n").contains("sweep 'previous'")
        .contains("random-draw scheme 1").contains("--name");
    assertThat(Files.exists(Path.of("runs-root"))).as("nothing written for the refused sweep").isFalse();
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep("previous").orElseThrow();
      assertThat(s.state()).isEqualTo(SweepState.INTERRUPTED);
      assertThat(s.drawsVersion()).isEqualTo(1);
      assertThat(store.trials(s.id())).hasSize(trialsBefore);
    }
    Cli.Result status = Cli.run("status", "previous", "--db", db.toString(), "--json");
    assertThat(status.code()).as(status.toString()).isZero();
    assertThat(status.out()).contains("\"INTERRUPTED\"");
  }
}
