package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/** trainer_state.json against the fields of transformers' TrainerState and the keys its model-card parser reads. */
class TrainerStateTest {
  @TempDir Path dir;

  /** transformers.TrainerState's fields (trainer_callback.py); load_from_json rejects any other top-level key. */
  static final Set<String> HF_FIELDS = Set.of("epoch", "global_step", "max_steps", "logging_steps", "eval_steps",
      "save_steps", "train_batch_size", "num_train_epochs", "num_input_tokens_seen", "total_flos", "log_history",
      "best_metric", "best_global_step", "best_model_checkpoint", "is_local_process_zero", "is_world_process_zero",
      "is_hyper_param_search", "trial_name", "trial_params", "stateful_callbacks");

  private static TrialRecord trial() {
    return new TrialRecord(5, 1, Phase.SEARCH, 7, TrialState.COMPLETE, "ran 3 of 4 epochs",
        Map.of("learning_rate", 3e-5, "per_device_train_batch_size", 16L), 11, 4, null, 2, 0.8, 3, 3,
        "checkpoint-3", "checkpoint-2", "/home/u/results/runs/night/trial-0007", null, 1,
        Instant.parse("2026-11-21T02:00:00Z"), Instant.parse("2026-11-21T02:00:00Z"),
        Instant.parse("2026-11-21T02:10:30Z"), null);
  }

  private static EpochRecord epoch(int epoch, Long step, double f1) {
    Map<String, Double> m = new TreeMap<>(Map.of("train_loss", 1.0 / epoch, "val_loss", 0.5 / epoch, "val_f1", f1,
        "learning_rate", 1e-5 * (4 - epoch), "epoch_seconds", 200.0));
    if (step != null) {
      m.put(EpochRecord.STEP, step.doubleValue());
    }
    return new EpochRecord(epoch, m, Instant.EPOCH);
  }

  private JsonNode written(List<EpochRecord> epochs, String best) throws Exception {
    TrainerState.write(dir, trial(), epochs, best);
    return Json.tree(Files.readString(dir.resolve("trainer_state.json")));
  }

  private static List<String> keys(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void topLevelKeysAreTrainerStateFieldsAndGlobalStepCountsOptimizerSteps() throws Exception {
    JsonNode s = written(List.of(epoch(1, 250L, 0.6), epoch(2, 500L, 0.8), epoch(3, 750L, 0.7)), "checkpoint-2");
    assertThat(HF_FIELDS).containsAll(keys(s));
    assertThat(keys(s)).contains("epoch", "global_step", "max_steps", "num_train_epochs", "log_history",
        "best_metric", "best_model_checkpoint", "trial_name", "trial_params");
    assertThat(keys(s)).as("sorted, as save_to_json writes them").isSorted();
    assertThat(s.path("global_step").asLong()).isEqualTo(750);
    assertThat(s.path("epoch").asDouble()).isEqualTo(3.0);
    assertThat(s.path("max_steps").asLong()).isEqualTo(1000);
    assertThat(s.path("save_steps").asLong()).isEqualTo(250);
    assertThat(s.path("train_batch_size").asLong()).isEqualTo(16);
    assertThat(s.path("best_metric").asDouble()).isEqualTo(0.8);
    assertThat(s.path("best_model_checkpoint").asText()).as("relative to the directory holding the file")
        .isEqualTo("checkpoint-2");
    assertThat(Path.of(s.path("best_model_checkpoint").asText())).isRelative();
  }

  @Test
  void logHistoryUsesTheTrainersKeysSoTheModelCardParserReadsIt() throws Exception {
    JsonNode h = written(List.of(epoch(1, 250L, 0.6), epoch(2, 500L, 0.8)), "checkpoint-2").path("log_history");
    assertThat(h).hasSize(5);
    JsonNode train = h.get(0);
    assertThat(keys(train)).containsExactlyInAnyOrder("epoch", "step", "loss", "learning_rate", "epoch_seconds");
    assertThat(train.path("loss").asDouble()).isEqualTo(1.0);
    assertThat(train.path("step").asLong()).isEqualTo(250);
    JsonNode eval = h.get(3);
    assertThat(keys(eval)).containsExactlyInAnyOrder("epoch", "step", "eval_loss", "eval_f1");
    assertThat(eval.path("eval_f1").asDouble()).isEqualTo(0.8);
    assertThat(eval.path("epoch").asDouble()).isEqualTo(2.0);
    assertThat(eval.path("step").asLong()).isEqualTo(500);
    JsonNode summary = h.get(4);
    assertThat(summary.path("train_runtime").asDouble()).isEqualTo(630.0);
    assertThat(summary.path("train_loss").asDouble()).isEqualTo(0.75);
    assertThat(summary.path("step").asLong()).isEqualTo(500);
    assertThat(summary.path("step_unit").asText()).isEqualTo("optimizer_step");
    // What transformers' modelcard.parse_log_history takes: an entry with train_runtime, and before it entries with
    // "loss" (the training loss) and "eval_loss" (one results row each, with epoch and step).
    int summaryAt = -1;
    for (int i = 0; i < h.size(); i++) {
      if (h.get(i).has("train_runtime")) {
        summaryAt = i;
      }
    }
    assertThat(summaryAt).isEqualTo(h.size() - 1);
    long rows = 0;
    for (int i = 0; i < summaryAt; i++) {
      rows += h.get(i).has("eval_loss") ? 1 : 0;
      assertThat(h.get(i).has("val_f1") || h.get(i).has("train_loss")).isFalse();
    }
    assertThat(rows).isEqualTo(2);
  }

  @Test
  void aTaskThatReportsNoStepsCountsEpochsAndSaysSo() throws Exception {
    JsonNode s = written(List.of(epoch(1, null, 0.6), epoch(2, null, 0.8), epoch(3, null, 0.7)), null);
    assertThat(s.path("global_step").asLong()).isEqualTo(3);
    assertThat(s.path("max_steps").asLong()).isEqualTo(4);
    assertThat(s.path("best_model_checkpoint").isNull()).isTrue();
    JsonNode h = s.path("log_history");
    assertThat(h.get(h.size() - 1).path("step_unit").asText()).isEqualTo("epoch");
    assertThat(h.get(1).path("step").asLong()).isEqualTo(1);
    assertThat(HF_FIELDS).containsAll(keys(s));
  }
}
