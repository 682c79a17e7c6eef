package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepState;
import sweep.testing.Cli;
import sweep.testing.SweepProcess;

/**
 * Ctrl-C (SIGINT) to {@code sweep run}: it says how to carry on, {@code sweep trials} and {@code sweep status} show
 * the cut-short trials as interrupted and say the same, and the command they print finishes the sweep.
 */
class InterruptTest {
  @TempDir Path dir;

  @Test
  void afterCtrlCTheTrialsShowAsInterruptedAndThePrintedCommandCarriesOn() throws Exception {
    Path spec = SignalTest.slowSpec(dir, "ctrl-c");
    Path db = dir.resolve("other.db");
    Path log = dir.resolve("run.log");
    Process orchestrator = new ProcessBuilder(SweepProcess.command("run", spec.toString(), "--name", "night-1",
        "--db", db.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SignalTest.awaitAnEpochOfARunningTrial(db, "night-1");
    new ProcessBuilder("kill", "-INT", Long.toString(orchestrator.pid())).start().waitFor();
    assertThat(orchestrator.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(log);
    assertThat(orchestrator.exitValue()).as(printed).isEqualTo(130);
    String resume = "sweep run " + spec + " --resume --name night-1 --db " + db;
    assertThat(printed).as(printed).contains("sweep 'night-1' interrupted; to carry on: " + resume + "\n");
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      assertThat(store.sweep("night-1").orElseThrow().state()).isEqualTo(SweepState.INTERRUPTED);
    }

    Cli.Result trials = Cli.run("trials", "night-1", "--db", db.toString());
    assertThat(trials.out()).as(trials.toString()).contains("INTERRUPTED").doesNotContain("RUNNING")
        .endsWith("to carry on: " + resume + "\n");
    JsonNode json = new ObjectMapper().readTree(Cli.run("trials", "night-1", "--db", db.toString(), "--json").out());
    List<String> cutShort = new ArrayList<>();
    for (JsonNode t : json) {
      // the stored state is kept (resume carries these trials on); "interrupted" says they are not running
      assertThat(t.get("interrupted").asBoolean()).as(t.toString()).isEqualTo(t.get("state").asText()
          .equals("RUNNING"));
      if (t.get("interrupted").asBoolean()) {
        cutShort.add(t.get("label").asText());
      }
    }
    assertThat(cutShort).isNotEmpty();

    Cli.Result status = Cli.run("status", "night-1", "--db", db.toString());
    assertThat(status.out()).as(status.toString()).contains("interrupted: " + String.join(", ", cutShort))
        .contains("to carry on: " + resume + "\n");
    JsonNode statusJson = new ObjectMapper().readTree(Cli.run("status", "night-1", "--db", db.toString(), "--json")
        .out());
    assertThat(statusJson.get("resume_command").asText()).isEqualTo(resume);
    assertThat(statusJson.get("state").asText()).isEqualTo("INTERRUPTED");

    String[] words = resume.substring("sweep ".length()).split(" ");
    Cli.Result resumed = Cli.run(words);
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    Cli.Result after = Cli.run("trials", "night-1", "--db", db.toString());
    assertThat(after.out()).as(after.toString()).doesNotContain("INTERRUPTED").doesNotContain("to carry on");
  }
}
