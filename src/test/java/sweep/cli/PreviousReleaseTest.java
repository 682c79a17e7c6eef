package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.store.Phase;
import sweep.store.EpochRecord;
import sweep.testing.Cli;
import sweep.testing.SweepProcess;
import sweep.util.Json;

/**
 * Databases made by earlier releases (src/test/resources/stores):
 *
 * <ul>
 *   <li>{@code previous-release-interrupted.db}, schema V3: a benchmark sweep started with random-draw scheme 1 and
 *       interrupted by SIGINT after four of its trials. This release reads it whole, and refuses to resume it (one
 *       line, exit 2) rather than mix two draw schemes in one sweep, changing nothing it holds.</li>
 *   <li>{@code previous-running/}, schema V4 (the release before trial locations, a6c64a4's jar): a benchmark sweep
 *       whose orchestrator was killed with SIGKILL while two trials ran, with its run directory. Its RUNNING trials
 *       are known by a bare pid; after the migrations the sweep resumes them from their checkpoints and
 *       completes, and a process that has since got one of those pids is left alone.</li>
 *   <li>{@code previous-running-v5/}, schema V5 (the release before run identities, 5c0b966's jar): the same,
 *       its RUNNING trials known by handle (pid, start time, token); it resumes after the migration to V6, which
 *       gives the sweep its identity, and a process that got a recorded pid is left alone.</li>
 *   <li>{@code previous-running-v6/}, schema V6 (the release before metric definitions, 591e30c's jar): the same;
 *       it resumes after the migration to V7, which records how its metric is measured when it is resumed.</li>
 * </ul>
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

  @Test
  void aSweepKilledWhileTrialsRanUnderSchemaV4ResumesThemAndLeavesAPidsNewOwnerAlone() throws Exception {
    resumesAKilledSweep("stores/previous-running", "checkpoint-1", "checkpoint-2");
  }

  @Test
  void aSweepKilledWhileTrialsRanUnderSchemaV5ResumesThemAndLeavesAPidsNewOwnerAlone() throws Exception {
    resumesAKilledSweep("stores/previous-running-v5", "checkpoint-2", "checkpoint-2");
  }

  @Test
  void aSweepKilledWhileTrialsRanUnderSchemaV6ResumesAndRecordsHowItsMetricIsMeasured() throws Exception {
    resumesAKilledSweep("stores/previous-running-v6", "checkpoint-2", "checkpoint-1");
    try (Store store = SqliteStore.openExisting(dir.resolve("sweep.db"), Clock.systemUTC())) {
      assertThat(Json.tree(store.sweep("running").orElseThrow().metricDefinition()).path("source").asText())
          .isEqualTo("benchmark");
    }
  }

  private void resumesAKilledSweep(String resource, String resumeTwo, String resumeThree) throws Exception {
    Path stores = Path.of(getClass().getClassLoader().getResource(resource).toURI());
    copyTree(stores, dir);
    Path db = dir.resolve("sweep.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
         java.sql.ResultSet rs = c.createStatement().executeQuery(
             "SELECT COUNT(*) FROM trials WHERE state = 'RUNNING' AND pid IS NOT NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the old release left trials RUNNING with their pids").isEqualTo(2);
    }
    // After a reboot another program (another sweep's trial) has the pid one of the RUNNING trials was recorded with.
    Process decoy = new ProcessBuilder("sh", "-c", "exec sleep 300", "trial", "--config",
        "/elsewhere/runs/running/trial-0002/trial.json").start();
    try {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
        // a bare pid (V4), and the pid in a handle (V5): the decoy's start time and arguments are not the trial's
        boolean handles = !resource.endsWith("previous-running");
        assertThat(c.createStatement().executeUpdate("UPDATE trials SET pid = " + decoy.pid()
            + (handles ? ", handle = json_set(handle, '$.pid', " + decoy.pid() + ")" : "")
            + " WHERE number = 2 AND phase = 'SEARCH'")).isEqualTo(1);
      }

      Process resume = new ProcessBuilder(SweepProcess.command("run", "previous-running.yaml", "--db", "sweep.db",
          "--resume")).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("resume.log").toFile()).start();
      assertThat(resume.waitFor(180, TimeUnit.SECONDS)).as("resume ends").isTrue();
      assertThat(resume.exitValue()).as(Files.readString(dir.resolve("resume.log"))).isZero();

      assertThat(decoy.isAlive()).as("the pid's new owner is not the trial and is left alone").isTrue();
    } finally {
      decoy.destroyForcibly();
    }
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep("running").orElseThrow();
      assertThat(s.state()).isEqualTo(SweepState.COMPLETE);
      List<TrialRecord> search = store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).extracting(TrialRecord::number).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(search).allMatch(t -> t.state() == TrialState.COMPLETE);
      for (TrialRecord t : search) {
        assertThat(store.epochs(t.id())).extracting(EpochRecord::epoch).as("trial %s", t.label())
            .containsExactly(1, 2, 3, 4, 5);
      }
      TrialRecord two = search.get(2);
      TrialRecord three = search.get(3);
      assertThat(two.attempts()).isEqualTo(2);
      assertThat(three.attempts()).isEqualTo(2);
      assertThat(two.location().backend()).isEqualTo("local");
      assertThat(two.location().handle()).as("the new attempt has a handle").contains("\"token\"");
      assertThat(search.get(0).location().backend()).as("migrated: a pid was a local process").isEqualTo("local");
      assertThat(store.events(s.id())).filteredOn(e -> e.type().equals("requeued")).extracting(e -> e.message())
          .containsExactlyInAnyOrder("interrupted; resumes from " + resumeTwo,
              "interrupted; resumes from " + resumeThree);
      assertThat(s.uid()).as("the sweep has an identity").matches("[0-9a-f]{32}");
      assertThat(store.trials(s.id()).stream().filter(t -> t.phase() == Phase.RETRAIN)
          .filter(t -> t.state() == TrialState.COMPLETE)).hasSize(1);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
