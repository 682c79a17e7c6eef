package sweep.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.testing.Cli;
import sweep.testing.NeedsPackage;
import sweep.util.Json;

/**
 * The report of a sweep with complete, pruned, early-stopped, failed and retried trials, opened from disk in
 * headless Chromium: no console error or warning, no request but the file itself, and every chart drawn with the
 * points and lines its model holds (read back from ECharts in the page). A report whose chart lost its data fails
 * the same check. The page's screenshot is kept as {@code target/report-screenshot.png}.
 */
@NeedsPackage("chromium")
class ReportInChromiumTest {
  private static final Pattern DATA = Pattern.compile(
      "(<script type=\"application/json\" id=\"report-data\">)(.*?)(</script>)", Pattern.DOTALL);

  @TempDir static Path dir;
  static Path db;
  static SweepReport report;
  static Chromium chromium;

  @BeforeAll
  static void sweepAndBrowser() throws Exception {
    db = ReportSweep.shared();
    report = ReportSweep.report(db);
    chromium = Chromium.start(dir.resolve("profile"), 1400, 1000);
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** Writes the sweep's report with the CLI, opens it, and reads back what it drew. */
  private static JsonNode open(Path html) throws Exception {
    String url = html.toUri().toString();
    chromium.open(url);
    JsonNode page = chromium.evaluate(DrawnCharts.READ);
    assertThat(chromium.problems()).as("console errors, exceptions, error log entries").isEmpty();
    assertThat(chromium.requests()).as("requests the page made").containsOnly(url);
    return page;
  }

  @Test
  void everyChartIsDrawnWithTheModelsPointsAndLinesAndNothingIsFetched() throws Exception {
    assertThat(report.trials()).extracting(TrialEntry::state).contains("COMPLETE", "PRUNED", "FAILED");
    assertThat(report.trials()).anyMatch(t -> t.marks().contains("retried"))
        .anyMatch(t -> t.marks().contains("early-stopped")).anyMatch(TrialEntry::retrain);
    Path html = dir.resolve("out/report.html");
    Cli.Result r = Cli.run("report", "--db", db.toString(), "--out", html.toString());
    assertThat(r.code()).as(r.toString()).isZero();

    JsonNode page = open(html);
    assertThat(DrawnCharts.differences(report, page)).as("page: " + page).isEmpty();
    assertThat(DrawnCharts.expected(report).keySet()).contains("history", "curves", "retrain", "parallel",
        "timeline", "importance").anyMatch(k -> k.startsWith("slice:"));

    // the table sorts by a column: twice on the metric's heading puts the best trial first
    String sortTwice = "(() => { const th = [...document.querySelectorAll('#trials-table th')]"
        + ".find(h => h.textContent === 'best " + report.sweep().metric() + "'); th.click(); th.click();"
        + " return document.querySelector('#trials-table tbody tr td').textContent; })()";
    TrialEntry best = report.trials().stream().filter(t -> t.bestValue() != null)
        .max(java.util.Comparator.comparingDouble(TrialEntry::bestValue)).orElseThrow();
    assertThat(chromium.evaluate(sortTwice).asText()).startsWith(best.label());
    chromium.evaluate("document.querySelector('#trials-table th').click(); true");

    byte[] png = chromium.screenshot();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Path artifact = Path.of("target", "report-screenshot.png");
    Files.createDirectories(artifact.getParent());
    Files.write(artifact, png);
  }

  @Test
  void aChartWhoseDataWasRemovedFailsTheCheck() throws Exception {
    Path html = dir.resolve("out/full.html");
    assertThat(Cli.run("report", "--db", db.toString(), "--out", html.toString()).code()).isZero();
    String full = Files.readString(html);

    Path noHistory = edited(full, "no-history.html", d -> ((ArrayNode) d.path("history")).removeAll());
    assertThat(DrawnCharts.differences(report, open(noHistory))).anyMatch(d -> d.contains("chart history"));

    Path oneCurveLess = edited(full, "one-curve-less.html", d -> {
      for (JsonNode t : d.path("trials")) {
        if (!t.path("curve").isEmpty()) {
          ((ArrayNode) t.path("curve")).removeAll();
          return;
        }
      }
    });
    assertThat(DrawnCharts.differences(report, open(oneCurveLess))).anyMatch(d -> d.contains("chart curves"));

    Path noSlots = edited(full, "no-timeline.html", d -> ((ArrayNode) d.path("timeline").path("lanes")).removeAll());
    assertThat(DrawnCharts.differences(report, open(noSlots))).anyMatch(d -> d.contains("chart timeline"));
  }

  @Test
  void theImportanceChartDrawsFanovasBarsAndFailsTheCheckWithoutThem() throws Exception {
    assertThat(report.importance()).as("fANOVA over the completed trials").hasSize(report.parameters().size());
    Path html = dir.resolve("out/importance.html");
    assertThat(Cli.run("report", "--db", db.toString(), "--out", html.toString()).code()).isZero();
    JsonNode page = open(html);
    assertThat(DrawnCharts.expected(report)).containsKey("importance");
    assertThat(DrawnCharts.differences(report, page)).as("page: " + page).isEmpty();

    Path without = edited(Files.readString(html), "no-importance.html", d -> ((ArrayNode) d.path("importance"))
        .removeAll());
    assertThat(DrawnCharts.differences(report, open(without))).anyMatch(d -> d.contains("chart importance"));
  }

  /** The report with its embedded data changed by {@code edit}. */
  private static Path edited(String html, String name, Consumer<ObjectNode> edit) throws Exception {
    Matcher m = DATA.matcher(html);
    assertThat(m.find()).isTrue();
    ObjectNode data = (ObjectNode) Json.tree(m.group(2));
    edit.accept(data);
    String json = Json.write(data).replace("<", "\\u003c");
    Path out = dir.resolve("out").resolve(name);
    Files.writeString(out, html.substring(0, m.start(2)) + json + html.substring(m.end(2)), StandardCharsets.UTF_8);
    return out;
  }
}
