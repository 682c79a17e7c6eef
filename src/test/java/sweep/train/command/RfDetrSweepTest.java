package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.EventRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.testing.StorePolling;
import sweep.testing.SweepProcess;
import sweep.util.Json;

/**
 * The RF-DETR recipe as a command trial, on a stand-in trainer that writes RF-DETR's files (see
 * {@code standins/rfdetr_standin.py}): four pretend GPUs, two per trial, hyperband on the EMA mAP read from
 * {@code log.txt}, the orchestrator killed with SIGKILL mid-trial and resumed, the retrained best published.
 */
class RfDetrSweepTest {
  @TempDir Path dir;

  static Path standin(String name) throws Exception {
    return Path.of(RfDetrSweepTest.class.getResource("/standins/" + name).toURI());
  }

  private Path spec() throws Exception {
    Path spec = dir.resolve("rfdetr.yaml");
    Files.writeString(spec, """
        name: rfdetr
        task: command
        command: [python3, "%s"]
        output_dir: output
        env:
          NUM_GPUS: "${num_gpus}"
          BATCH_SIZE: "${per_device_train_batch_size}"
          GRAD_ACCUM_STEPS: "${gradient_accumulation_steps}"
          MODEL_SIZE: "${model_size}"
          EPOCHS: "${epochs}"
          LEARNING_RATE: "${learning_rate}"
          RESUME_CHECKPOINT: "${resume_checkpoint}"
          OUTPUT_DIR: "${output_dir}"
          STANDIN_EPOCH_SECONDS: "0.5"
        metrics:
          from: jsonl
          file: log.txt
          first_epoch: 0
          fields:
            map: ema_test_coco_eval_bbox[0]
            map_50: ema_test_coco_eval_bbox[1]
            map_regular: test_coco_eval_bbox[0]
        checkpoint: {files: [checkpoint.pth], resume: checkpoint.pth}
        method: random
        seed: 3
        metric: {name: map, goal: maximize}
        run_cap: 6
        devices: [0, 1, 2, 3]
        gpus_per_trial: 2
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}
          per_device_train_batch_size: {values: [8, 16, 32]}
          model_size: {values: [small, medium]}
        fixed_products:
          effective_batch:
            value: 64
            factors: [per_device_train_batch_size, gpus_per_trial, gradient_accumulation_steps]
        early_terminate: {type: hyperband, min_iter: 1, eta: 2}
        trial: {epochs: 4}
        retrain: {epochs: 5}
        runs_dir: %s
        artifacts: %s
        """.formatted(standin("rfdetr_standin.py"), dir.resolve("runs"), dir));
    return spec;
  }

  @Test
  void sweepOnFourPretendGpusSurvivesAKillAndPublishesTheRetrainedEmaCheckpoint() throws Exception {
    Path spec = spec();
    Path db = dir.resolve("sweep.db");
    Process orchestrator = new ProcessBuilder(SweepProcess.command("run", spec.toString(), "--db", db.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
    // Kill it once a trial is in its third epoch: its checkpoints of epochs 1 and 2 are kept.
    long deadline = System.currentTimeMillis() + 120_000;
    while (orchestrator.isAlive() && System.currentTimeMillis() < deadline && StorePolling.trials(db, "rfdetr")
        .stream().noneMatch(t -> t.state() == TrialState.RUNNING && t.lastCheckpointEpoch() != null
            && t.lastCheckpointEpoch() >= 2)) {
      Thread.sleep(50);
    }
    assertThat(orchestrator.isAlive()).as("the sweep was still running: " + Files.readString(dir.resolve("first.log")))
        .isTrue();
    orchestrator.destroyForcibly();
    assertThat(orchestrator.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<TrialRecord> cut = StorePolling.trials(db, "rfdetr").stream()
        .filter(t -> t.state() == TrialState.RUNNING && t.lastCheckpoint() != null).toList();
    assertThat(cut).isNotEmpty();

    Cli.Result resumed = Cli.run("run", spec.toString(), "--db", db.toString(), "--resume");
    assertThat(resumed.code()).as(resumed.toString()).isZero();

    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord sweep = store.sweep("rfdetr").orElseThrow();
      List<TrialRecord> trials = store.trials(sweep.id());
      List<TrialRecord> search = trials.stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(search).hasSize(6).allMatch(t -> t.state().finished());
      assertThat(search).as("hyperband stopped some trials early")
          .anyMatch(t -> t.state() == TrialState.PRUNED);
      for (TrialRecord t : trials) {
        // every epoch recorded once, in order, with the EMA mAP as map
        List<EpochRecord> epochs = store.epochs(t.id());
        assertThat(epochs).extracting(EpochRecord::epoch)
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, epochs.size()).boxed().toList());
        for (EpochRecord e : epochs) {
          assertThat(e.metrics().get("map")).isGreaterThan(e.metrics().get("map_regular"));
          assertThat(e.metrics()).containsKeys("train_loss", "test_loss", "n_parameters");
        }
        // effective batch 64 = batch x accumulation x 2 GPUs, and each launch saw its own two GPUs
        long batch = ((Number) t.params().get("per_device_train_batch_size")).longValue();
        long accumulation = ((Number) t.params().get("gradient_accumulation_steps")).longValue();
        assertThat(batch * accumulation * 2).isEqualTo(64);
        for (JsonNode launch : launches(t)) {
          assertThat(launch.get("num_gpus").asInt()).isEqualTo(2);
          assertThat(launch.get("cuda_visible_devices").asText()).isIn("0,1", "2,3");
          assertThat(launch.get("effective_batch").asInt()).isEqualTo(64);
        }
      }
      List<EventRecord> events = store.events(sweep.id());
      assertThat(events).anyMatch(e -> e.message().contains("effective batch 64"));

      // the trial cut short resumed from its latest kept checkpoint, with RESUME_CHECKPOINT naming it
      TrialRecord again = trials.stream().filter(t -> t.id() == cut.get(0).id()).findFirst().orElseThrow();
      List<JsonNode> launches = launches(again);
      assertThat(launches).hasSizeGreaterThanOrEqualTo(2);
      JsonNode second = launches.get(1);
      int from = cut.get(0).lastCheckpointEpoch();
      assertThat(second.get("resume").asText())
          .isEqualTo(Path.of(again.trialDir()).resolve(CheckpointCapture.name(from)).resolve("checkpoint.pth")
              .toString());
      assertThat(second.get("start_epoch").asInt()).isEqualTo(from);

      // the retrain's best epoch's checkpoint.pth (with its ema_model) is what was published
      TrialRecord retrain = trials.stream().filter(t -> t.phase() == Phase.RETRAIN).findFirst().orElseThrow();
      assertThat(retrain.state()).isEqualTo(TrialState.COMPLETE);
      Path best = dir.resolve("runs").resolve("rfdetr").resolve("best");
      JsonNode published = Json.tree(Files.readString(best.resolve("checkpoint.pth")));
      assertThat(published.get("epoch").asInt() + 1).isEqualTo(retrain.bestEpoch());
      assertThat(published.at("/ema_model/map").asDouble()).isEqualTo(retrain.bestValue());
      assertThat(Files.readString(best.resolve("trainer_state.json"))).contains("\"best_metric\"");
    }
  }

  private static List<JsonNode> launches(TrialRecord t) throws Exception {
    Path file = Path.of(t.trialDir()).resolve("output").resolve("launches.jsonl");
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        out.add(Json.tree(line));
      }
    }
    return out;
  }
}
