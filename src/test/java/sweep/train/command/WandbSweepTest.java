package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * A script written for W&B ({@code standins/wandb_train.py}: {@code wandb.init(config=defaults)}, config by
 * attribute and nested key, {@code wandb.log} per batch and per epoch) run unmodified as command trials on sweep's
 * {@code wandb} stand-in, with hyperband pruning it; and {@code wandb: real}, which leaves the stand-in out.
 */
class WandbSweepTest {
  @TempDir Path dir;

  private Path spec(String extra, int runCap) throws Exception {
    Path spec = dir.resolve("wandb.yaml");
    Files.writeString(spec, """
        name: wandb-script
        task: command
        command: [/usr/bin/python3, "%s", --epochs, "${epochs}"]
        method: grid
        metric: {name: val_loss, goal: minimize}
        run_cap: %d
        max_parallel: 2
        max_retries: 0
        parameters:
          learning_rate: {values: [0.003, 0.001, 0.0001, 0.3, 0.00001, 1.0]}
          batch_size: {value: 16}
        early_terminate: {type: hyperband, max_iter: 4, s: 2, eta: 2}
        trial: {epochs: 4}
        runs_dir: %s
        artifacts: %s
        %s
        """.formatted(RfDetrSweepTest.standin("wandb_train.py"), runCap, dir.resolve("runs"), dir, extra));
    return spec;
  }

  @Test
  void aWandbScriptRunsUnmodifiedAsTrialsAndHyperbandPrunesIt() throws Exception {
    Cli.Result r = Cli.run("run", spec("", 6).toString(), "--db", dir.resolve("sweep.db").toString());
    assertThat(r.code()).as(r.toString()).isZero();

    try (Store store = SqliteStore.openExisting(dir.resolve("sweep.db"), Clock.systemUTC())) {
      List<TrialRecord> trials = store.trials(store.sweep("wandb-script").orElseThrow().id());
      assertThat(trials).hasSize(6).allMatch(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED);
      assertThat(trials).as("hyperband stopped some trials at a rung: %s",
          trials.stream().map(t -> t.state() + "@" + store.epochs(t.id()).size()).toList())
          .anyMatch(t -> t.state() == TrialState.PRUNED);
      assertThat(trials).anyMatch(t -> t.state() == TrialState.COMPLETE);
      for (TrialRecord t : trials) {
        Path trialDir = Path.of(t.trialDir());
        // the script saw the sweep's parameters over its defaults, its nested defaults, its own --epochs
        JsonNode seen = Json.tree(Files.readString(trialDir.resolve("seen.json")));
        assertThat(seen.get("learning_rate").asDouble()).isEqualTo(((Number) t.params().get("learning_rate"))
            .doubleValue());
        assertThat(seen.get("batch_size").asInt()).isEqualTo(((Number) t.params().get("batch_size")).intValue());
        assertThat(seen.get("hidden").asInt()).isEqualTo(64);
        assertThat(seen.path("config").get("epochs").asInt()).isEqualTo(4);
        assertThat(seen.path("config").get("optimizer").asText()).isEqualTo("adamw");

        // one wandb.log of val_loss is one epoch, with the other numbers of its step; per-batch steps are not
        List<String> logged = Files.readAllLines(trialDir.resolve("logged.jsonl"));
        List<EpochRecord> epochs = store.epochs(t.id());
        assertThat(epochs).extracting(EpochRecord::epoch)
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, epochs.size()).boxed().toList());
        assertThat(epochs.size()).isLessThanOrEqualTo(logged.size());
        for (int i = 0; i < epochs.size(); i++) {
          double value = Json.tree(logged.get(i)).get("val_loss").asDouble();
          assertThat(epochs.get(i).metrics()).containsEntry("val_loss", value).containsKey("val.accuracy")
              .doesNotContainKeys("train/loss", "samples", "epoch");
        }
        if (t.state() == TrialState.COMPLETE) {
          assertThat(epochs).hasSize(4);
          JsonNode summary = Json.tree(Files.readString(trialDir.resolve("wandb-summary.json")));
          assertThat(summary.path("val_loss").path("min").asDouble()).isEqualTo(t.bestValue());
        } else {
          // stopped at a rung (W&B's bands below max_iter 4 with eta 2: epochs 1 and 2), perhaps an epoch later:
          // the program runs on until SIGTERM
          assertThat(epochs).hasSizeBetween(1, 3);
        }
      }
    }
  }

  @Test
  void wandbRealLeavesTheStandInOut() throws Exception {
    Cli.Result r = Cli.run("run", spec("wandb: real", 1).toString(), "--db", dir.resolve("sweep.db").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    try (Store store = SqliteStore.openExisting(dir.resolve("sweep.db"), Clock.systemUTC())) {
      TrialRecord t = store.trials(store.sweep("wandb-script").orElseThrow().id()).get(0);
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.reason()).contains("No module named 'wandb'");
    }
  }
}
