package sweep.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import sweep.store.EpochRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;

/**
 * {@code trainer_state.json} as the Hugging Face Trainer writes it ({@code TrainerState.save_to_json}: the
 * dataclass's fields, keys sorted), so a Trainer resuming from the directory and the Hub's model-card parser read a
 * sweep trial's as they read a Trainer's.
 *
 * <ul>
 *   <li>Only fields of {@code transformers.TrainerState} (as of 4.31) at the top level: {@code load_from_json}
 *       passes every key to the dataclass's constructor, so any other key would make it fail.</li>
 *   <li>{@code global_step} is the optimizer steps taken, as the trial reported them (the {@value EpochRecord#STEP}
 *       of its epochs); a Trainer resuming from it skips {@code global_step / steps_per_epoch} epochs. A task that
 *       reports no steps counts one step per epoch, and the last {@code log_history} entry says so
 *       ({@code "step_unit": "epoch"}, else {@code "optimizer_step"}).</li>
 *   <li>{@code best_model_checkpoint} is relative to the directory holding the file ({@code checkpoint-500} in a
 *       trial directory, {@code .} in a published checkpoint), so it stays right after a sync or a promotion.</li>
 *   <li>{@code log_history} holds, per epoch, a training entry ({@code loss} from {@code train_loss},
 *       {@code learning_rate} and other training values) and an evaluation entry ({@code eval_<name>} from
 *       {@code val_<name>} and every other metric), each with {@code epoch} and {@code step}, then the end-of-training
 *       summary ({@code train_runtime}, {@code train_loss}, {@code total_flos}) the model-card parser looks for.
 *       Values that are not finite are written as null.</li>
 * </ul>
 */
public final class TrainerState {
  public static final String NAME = "trainer_state.json";

  /** Metric names that describe training, not evaluation: they go to the training entry as they are. */
  private static final Set<String> TRAINING = Set.of("learning_rate", "grad_norm", "epoch_seconds");

  private TrainerState() {}

  /**
   * Writes {@code dir/trainer_state.json} for {@code trial} as of the last of {@code epochs} (pass the epochs up to
   * a checkpoint's for that checkpoint's state), atomically.
   *
   * @param bestCheckpoint the best checkpoint relative to {@code dir}, or null when there is none
   */
  public static void write(Path dir, TrialRecord trial, List<EpochRecord> epochs, String bestCheckpoint)
      throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(NAME + ".tmp");
    Files.writeString(tmp, Json.pretty(of(trial, epochs, bestCheckpoint)) + "\n");
    Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The state as a map of the Trainer's field names (see {@link #write}). */
  static Map<String, Object> of(TrialRecord trial, List<EpochRecord> epochs, String bestCheckpoint) {
    boolean counted = !epochs.isEmpty() && epochs.stream().allMatch(e -> e.step().isPresent());
    Map<String, Object> o = new TreeMap<>();
    EpochRecord last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    int lastEpoch = last == null ? 0 : last.epoch();
    long lastStep = last == null ? 0 : step(last, counted);
    long perEpoch = counted && lastEpoch > 0 ? Math.max(1, Math.round((double) lastStep / lastEpoch)) : 1;
    o.put("best_metric", trial.bestValue());
    o.put("best_model_checkpoint", bestCheckpoint);
    o.put("epoch", (double) lastEpoch);
    o.put("global_step", lastStep);
    o.put("max_steps", perEpoch * trial.epochs());
    o.put("logging_steps", perEpoch);
    o.put("eval_steps", perEpoch);
    o.put("save_steps", perEpoch);
    Object batch = trial.params().get("per_device_train_batch_size");
    o.put("train_batch_size", batch instanceof Number n ? n.longValue() : null);
    o.put("num_train_epochs", trial.epochs());
    o.put("total_flos", 0.0);
    o.put("is_hyper_param_search", true);
    o.put("is_local_process_zero", true);
    o.put("is_world_process_zero", true);
    o.put("trial_name", trial.dirName());
    o.put("trial_params", trial.params());
    List<Map<String, Object>> history = new ArrayList<>();
    for (EpochRecord e : epochs) {
      Map<String, Object> train = new TreeMap<>();
      Map<String, Object> eval = new TreeMap<>();
      e.metrics().forEach((name, value) -> {
        if (!name.equals(EpochRecord.STEP)) {
          boolean training = TRAINING.contains(name) || name.equals("loss") || name.startsWith("train_");
          (training ? train : eval).put(hfName(name), Double.isFinite(value) ? value : null);
        }
      });
      for (Map<String, Object> entry : List.of(train, eval)) {
        if (!entry.isEmpty()) {
          entry.put("epoch", (double) e.epoch());
          entry.put("step", step(e, counted));
          history.add(entry);
        }
      }
    }
    if (last != null) {
      history.add(summary(trial, epochs, lastEpoch, lastStep, counted));
    }
    o.put("log_history", history);
    return o;
  }

  /** The Trainer's name for a metric: {@code loss} for the training loss, {@code eval_<name>} for evaluation. */
  static String hfName(String name) {
    if (name.equals("train_loss")) {
      return "loss";
    }
    if (TRAINING.contains(name) || name.equals("loss") || name.startsWith("train_") || name.startsWith("eval_")) {
      return name;
    }
    return "eval_" + (name.startsWith("val_") ? name.substring(4) : name);
  }

  private static long step(EpochRecord e, boolean counted) {
    return counted ? e.step().getAsLong() : e.epoch();
  }

  /** The Trainer's end-of-training entry: what the model-card parser takes as the sign that training logs exist. */
  private static Map<String, Object> summary(TrialRecord trial, List<EpochRecord> epochs, int lastEpoch,
      long lastStep, boolean counted) {
    Map<String, Object> s = new TreeMap<>();
    s.put("epoch", (double) lastEpoch);
    s.put("step", lastStep);
    s.put("total_flos", 0.0);
    s.put("train_runtime", trial.startedAt() == null || trial.endedAt() == null ? 0.0
        : Duration.between(trial.startedAt(), trial.endedAt()).toMillis() / 1000.0);
    double[] losses = epochs.stream().map(e -> e.metrics().get("train_loss")).filter(v -> v != null)
        .mapToDouble(Double::doubleValue).toArray();
    if (losses.length > 0) {
      double mean = java.util.Arrays.stream(losses).sum() / losses.length;
      s.put("train_loss", Double.isFinite(mean) ? mean : null);
    }
    s.put("step_unit", counted ? "optimizer_step" : "epoch");
    return s;
  }
}
