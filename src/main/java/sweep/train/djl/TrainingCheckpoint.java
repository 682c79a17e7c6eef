package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import sweep.artifact.LocalArtifacts;
import sweep.util.Json;

/**
 * A checkpoint directory {@code checkpoint-<epoch>} as the loop writes it: {@code model.safetensors} (the weights a
 * published model is: the averaged weights when the average is on, else the trained ones), and what resuming needs,
 * {@code optimizer.safetensors} (the optimizer's moments), {@code training_weights.safetensors} (the trained weights,
 * only when {@code model.safetensors} holds the average), {@code training_only.safetensors} (tensors that train but are
 * not part of the published model, only when there are any) and {@code training_state.json} (epoch, optimizer step, seed,
 * and the average's update counter when it is on; data order and dropout derive from seed and epoch, so no generator
 * state is needed), plus the family's own files and the evaluator's report. Written into a temporary directory and
 * renamed, so a checkpoint is whole or absent. Of a trial's checkpoints, the best and the latest are kept.
 */
public final class TrainingCheckpoint {
  public static final String WEIGHTS = "model.safetensors";
  public static final String TRAINING_WEIGHTS = "training_weights.safetensors";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String STATE = "training_state.json";
  public static final String TRAINING_ONLY = "training_only.safetensors";

  private TrainingCheckpoint() {}

  /**
   * What a trial resumes from.
   *
   * @param averageUpdates the weight average's update counter, or null when the average is off
   */
  public record State(int epoch, int optimizerStep, long seed, Long averageUpdates) {
    public State(int epoch, int optimizerStep, long seed) {
      this(epoch, optimizerStep, seed, null);
    }
  }

  /**
   * A checkpoint read back.
   *
   * @param weights the trained weights
   * @param optimizer the optimizer's moments (empty when none were saved)
   * @param average the averaged weights (empty when the average was off)
   * @param trainingOnly the tensors that train but are not published (empty when there were none, or the checkpoint
   *     was written before they were kept)
   */
  public record Loaded(Map<String, NDArray> weights, Map<String, NDArray> optimizer, Map<String, NDArray> average,
      State state, Map<String, NDArray> trainingOnly) {}

  /** Writes the family's files into a checkpoint directory being made. */
  @FunctionalInterface
  public interface FamilyFiles {
    void write(Path dir) throws IOException;
  }

  /**
   * @param weights the trained weights by name
   * @param optimizer null to save no optimizer state
   * @param average null when the average is off
   * @param reportFile the report's file name (null: no report)
   */
  public static void save(Path dir, Map<String, NDArray> weights, DecoupledAdamW optimizer,
      ExponentialMovingAverage average, State state, FamilyFiles files, String reportFile, String report)
      throws IOException {
    save(dir, weights, Map.of(), optimizer, average, state, files, reportFile, report);
  }

  /**
   * As {@link #save(Path, Map, DecoupledAdamW, ExponentialMovingAverage, State, FamilyFiles, String, String)}, with
   * tensors that train but are not published ({@link #TRAINING_ONLY}, written only when there are any).
   */
  public static void save(Path dir, Map<String, NDArray> weights, Map<String, NDArray> trainingOnly,
      DecoupledAdamW optimizer, ExponentialMovingAverage average, State state, FamilyFiles files, String reportFile,
      String report) throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    LocalArtifacts.deleteTree(tmp);
    Files.createDirectories(tmp);
    files.write(tmp);
    if (average != null) {
      Safetensors.write(tmp.resolve(WEIGHTS), average.state());
      Safetensors.write(tmp.resolve(TRAINING_WEIGHTS), weights);
    } else {
      Safetensors.write(tmp.resolve(WEIGHTS), weights);
    }
    if (!trainingOnly.isEmpty()) {
      Safetensors.write(tmp.resolve(TRAINING_ONLY), trainingOnly);
    }
    if (optimizer != null) {
      Safetensors.write(tmp.resolve(OPTIMIZER), optimizer.state());
    }
    Map<String, Object> s = new TreeMap<>();
    s.put("epoch", state.epoch());
    s.put("optimizer_step", state.optimizerStep());
    s.put("seed", state.seed());
    if (state.averageUpdates() != null) {
      s.put("average_updates", state.averageUpdates());
    }
    Files.writeString(tmp.resolve(STATE), Json.pretty(s));
    if (reportFile != null && report != null) {
      Files.writeString(tmp.resolve(reportFile), report);
    }
    LocalArtifacts.deleteTree(dir);
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  public static Loaded load(Path dir, NDManager manager) throws IOException {
    Path trained = dir.resolve(TRAINING_WEIGHTS);
    boolean averaged = Files.exists(trained);
    Map<String, NDArray> weights = Safetensors.read(averaged ? trained : dir.resolve(WEIGHTS), manager);
    Map<String, NDArray> average = averaged ? Safetensors.read(dir.resolve(WEIGHTS), manager) : Map.of();
    Path opt = dir.resolve(OPTIMIZER);
    Map<String, NDArray> optimizer = Files.exists(opt) ? Safetensors.read(opt, manager) : Map.of();
    var s = Json.mapper().readTree(dir.resolve(STATE).toFile());
    Long updates = s.has("average_updates") ? s.path("average_updates").asLong() : null;
    Path own = dir.resolve(TRAINING_ONLY);
    Map<String, NDArray> trainingOnly = Files.exists(own) ? Safetensors.read(own, manager) : Map.of();
    return new Loaded(weights, optimizer, average, new State(s.path("epoch").asInt(), s.path("optimizer_step").asInt(),
        s.path("seed").asLong(), updates), trainingOnly);
  }

  /** The checkpoint directory of an epoch, relative to the trial directory. */
  public static String name(int epoch) {
    return "checkpoint-" + epoch;
  }

  /** {@code save_total_limit} with the best model kept: deletes every checkpoint but the best and the latest. */
  public static void retain(Path trialDir, Integer bestEpoch, int latest) throws IOException {
    try (var dirs = Files.list(trialDir)) {
      for (Path d : dirs.toList()) {
        String n = d.getFileName().toString();
        if (n.matches("checkpoint-\\d+")) {
          int e = Integer.parseInt(n.substring("checkpoint-".length()));
          if (e != latest && (bestEpoch == null || e != bestEpoch)) {
            LocalArtifacts.deleteTree(d);
          }
        }
      }
    }
  }
}
