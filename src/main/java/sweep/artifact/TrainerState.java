package sweep.artifact;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import sweep.store.EpochRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;

/**
 * {@code trainer_state.json} as the Hugging Face Trainer writes it (best_metric, best_model_checkpoint,
 * log_history...), so tools that read a Trainer's output read a sweep trial's too.
 */
public final class TrainerState {
  private TrainerState() {}

  public static void write(Path dir, TrialRecord trial, List<EpochRecord> epochs, String bestCheckpointPath)
      throws IOException {
    ObjectNode o = Json.mapper().createObjectNode();
    if (trial.bestValue() == null) {
      o.putNull("best_metric");
    } else {
      o.put("best_metric", trial.bestValue());
    }
    if (bestCheckpointPath == null) {
      o.putNull("best_model_checkpoint");
    } else {
      o.put("best_model_checkpoint", bestCheckpointPath);
    }
    int last = trial.lastEpoch() == null ? 0 : trial.lastEpoch();
    o.put("epoch", (double) last);
    o.put("global_step", last);
    o.put("num_train_epochs", trial.epochs());
    o.put("is_hyper_param_search", true);
    o.put("is_local_process_zero", true);
    o.put("is_world_process_zero", true);
    o.put("trial_name", trial.dirName());
    o.set("trial_params", Json.mapper().valueToTree(trial.params()));
    ArrayNode history = o.putArray("log_history");
    for (EpochRecord e : epochs) {
      ObjectNode h = history.addObject();
      h.put("epoch", (double) e.epoch());
      h.put("step", e.epoch());
      for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
        if (Double.isFinite(m.getValue())) {
          h.put(m.getKey(), m.getValue());
        } else {
          h.putNull(m.getKey());
        }
      }
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve("trainer_state.json.tmp");
    Files.writeString(tmp, Json.pretty(o));
    Files.move(tmp, dir.resolve("trainer_state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
