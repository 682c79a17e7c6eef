package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.report.model.ReportSweep;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.testing.Cli;
import sweep.util.Json;

/** {@code sweep report}: where it writes, its JSON, its errors, and no credential's value in what it writes. */
class ReportCommandTest {
  static Path db;
  @TempDir Path dir;

  @BeforeAll
  static void sweep() throws Exception {
    db = ReportSweep.shared();
  }

  @Test
  void writesReportHtmlInTheSweepsRunDirectoryByDefault() throws Exception {
    Cli.Result r = Cli.run("report", "--db", db.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    Path html = db.getParent().resolve("runs").resolve(ReportSweep.NAME).resolve("report.html");
    assertThat(r.out()).isEqualTo("report of report (" + ReportSweep.report(db).trials().size() + " trial(s)): "
        + html + "\n");
    String text = Files.readString(html);
    assertThat(text).startsWith("<!DOCTYPE html>").contains("id=\"report-data\"").contains("echarts")
        .doesNotContain("<script src").doesNotContain("<link");
    assertThat(Files.size(html)).isLessThan(2_000_000);
    Path plain = Files.writeString(dir.resolve("plain.txt"), "");
    assertThat(Files.getPosixFilePermissions(html)).as("the permissions of any new file (the umask's)")
        .isEqualTo(Files.getPosixFilePermissions(plain));
    try (var left = Files.list(html.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void withoutItsRunDirectoryTheReportGoesBesideTheDatabase() {
    SweepRecord s = new SweepRecord(1, "gone", "x.yaml", "h", "{\"runs_dir\": \"" + dir.resolve("nowhere") + "\"}",
        "m", sweep.spec.Goal.MAXIMIZE, sweep.store.SweepState.COMPLETE, null, null, null, java.time.Instant.EPOCH,
        java.time.Instant.EPOCH, 2, "u", null);
    assertThat(ReportCommand.defaultFile(s, dir.resolve("sweep.db"))).isEqualTo(dir.resolve("gone.html"));
  }

  @Test
  void jsonIsTheModelTheHtmlEmbeds() {
    Cli.Result r = Cli.run("report", "--db", db.toString(), "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode json = Json.tree(r.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("sweep", "trials", "history", "parameters", "importance", "timeline",
        "data", "provenance", "promotions", "generated_at");
    JsonNode trial = json.path("trials").path(0);
    assertThat(trial.path("curve").path(0).isArray()).as("curve points are [epoch, value]").isTrue();
    assertThat(trial.has("shown_state")).isTrue();
    assertThat(json.path("data").path("bad_rows_by_reason").path("length_mismatch").asInt()).isEqualTo(9);
  }

  @Test
  void anUnknownSweepOrAnUnwritableFileIsOneLineAndExitCode2() throws Exception {
    Cli.Result unknown = Cli.run("report", "nope", "--db", db.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("sweep: no sweep named 'nope'").hasLineCount(1);

    Path file = Files.writeString(dir.resolve("a-file"), "");
    Path under = file.resolve("report.html");
    Cli.Result unwritable = Cli.run("report", "--db", db.toString(), "--out", under.toString());
    assertThat(unwritable.code()).isEqualTo(2);
    assertThat(unwritable.err()).startsWith("sweep: cannot write the report to " + under + ": ").hasLineCount(1);
    assertThat(Files.isRegularFile(under)).isFalse();
  }

  @Test
  void aCredentialsValueNeverReachesTheReport() throws Exception {
    Path copy = dir.resolve("copy.db");
    Files.copy(db, copy);
    String secret = "hf_report_secret_0123456789";
    try (Store store = SqliteStore.openExisting(copy, Clock.systemUTC())) {
      SweepRecord s = store.sweep(ReportSweep.NAME).orElseThrow();
      long trial = store.trials(s.id()).get(0).id();
      store.recordPromotion(s.id(), trial, false, 0.5, 0.6, null, "refused: token " + secret + " was seen");
    }
    Map<String, String> env = Map.of("HF_TOKEN", secret);
    Path html = dir.resolve("r.html");
    Cli.Result r = Cli.run(env, "report", "--db", copy.toString(), "--out", html.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.readString(html)).doesNotContain(secret).contains("refused: token *** was seen");
    Cli.Result json = Cli.run(env, "report", "--db", copy.toString(), "--json");
    assertThat(json.out()).doesNotContain(secret).contains("refused: token *** was seen");
  }
}
