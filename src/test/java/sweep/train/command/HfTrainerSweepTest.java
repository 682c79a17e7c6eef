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
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * A Hugging Face Trainer detection script as a command trial, on a stand-in that writes the Trainer's files (see
 * {@code standins/hf_detection_standin.py}): epochs read from {@code trainer_state.json}, the sweep's metric
 * {@code eval_map}, and the checkpoint of sweep's best epoch kept although the Trainer's {@code save_total_limit: 1}
 * (judging by {@code eval_loss}) deleted it.
 */
class HfTrainerSweepTest {
  @TempDir Path dir;

  @Test
  void readsEvalMapFromTrainerStateAndPublishesSweepsBestEpoch() throws Exception {
    Path spec = dir.resolve("hf.yaml");
    Files.writeString(spec, """
        name: detr-hf
        task: command
        command: [python3, "%s", --model_name_or_path, Aryn/deformable-detr-DocLayNet,
                  --output_dir, "${output_dir}", --num_train_epochs, "${epochs}",
                  --per_device_train_batch_size, "${per_device_train_batch_size}",
                  --learning_rate, "${learning_rate}", --image_size, "${image_size}",
                  --eval_strategy, epoch, --save_strategy, epoch, --save_total_limit, "1",
                  --metric_for_best_model, eval_loss, --fp16, --seed, "${seed}"]
        resume_args: [--resume_from_checkpoint, "${resume_checkpoint}"]
        output_dir: output
        env: {STANDIN_EPOCH_SECONDS: "0.8"}
        metrics: {from: trainer_state}
        method: random
        seed: 4
        metric: {name: eval_map, goal: maximize}
        run_cap: 3
        max_parallel: 2
        devices: [0, 1]
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 2.0e-5, max: 1.0e-4}
          per_device_train_batch_size: {values: [8, 16]}
          image_size: {values: [800, 1000]}
        trial: {epochs: 3}
        retrain: {epochs: 5}
        runs_dir: %s
        artifacts: %s
        """.formatted(RfDetrSweepTest.standin("hf_detection_standin.py"), dir.resolve("runs"), dir));
    Cli.Result r = Cli.run("run", spec.toString(), "--db", dir.resolve("sweep.db").toString());
    assertThat(r.code()).as(r.toString()).isZero();

    try (Store store = SqliteStore.openExisting(dir.resolve("sweep.db"), Clock.systemUTC())) {
      SweepRecord sweep = store.sweep("detr-hf").orElseThrow();
      List<TrialRecord> trials = store.trials(sweep.id());
      assertThat(trials).hasSize(4).allMatch(t -> t.state() == TrialState.COMPLETE);
      for (TrialRecord t : trials) {
        List<EpochRecord> epochs = store.epochs(t.id());
        assertThat(epochs).extracting(EpochRecord::epoch)
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, t.epochs()).boxed().toList());
        assertThat(epochs).allSatisfy(e -> assertThat(e.metrics())
            .containsKeys("eval_map", "eval_map_50", "eval_loss", "eval_map_CheckBox", "eval_mar_100_Text"));
      }
      TrialRecord retrain = trials.stream().filter(t -> t.phase() == Phase.RETRAIN).findFirst().orElseThrow();
      // eval_map peaks at epoch 3 of 5 while eval_loss keeps falling: the Trainer kept only its own best (the last)
      assertThat(retrain.bestEpoch()).isEqualTo(3);
      assertThat(Files.exists(Path.of(retrain.trialDir()).resolve("output").resolve("checkpoint-12"))).isFalse();
      Path best = dir.resolve("runs").resolve("detr-hf").resolve("best");
      JsonNode weights = Json.tree(Files.readString(best.resolve("model.safetensors")));
      assertThat(weights.get("epoch").asDouble()).isEqualTo(3.0);
      assertThat(weights.get("eval_map").asDouble()).isEqualTo(retrain.bestValue());
      assertThat(best.resolve("config.json")).exists();
    }
  }
}
