package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sweep.train.djl.Safetensors;
import sweep.train.djl.TrainingCheckpoint;
import sweep.util.Json;
import sweep.train.TaskType;
import sweep.train.TaskTypeContract;

/**
 * The task-type contract for {@code task: detection}: a tiny Deformable DETR (the default from-scratch
 * configuration with d_model 32 and 8 queries) on 12 synthetic form pages at 64 pixels, three epochs, trained with
 * denoising queries (two groups), so that resuming also covers their noise and their tensors; and its checkpoints
 * publish Hugging Face's tensors only, the denoising ones kept with the training state.
 */
class DetectionTaskContractTest extends TaskTypeContract {
  @Override
  protected TaskType task() {
    return new DetectionTask();
  }

  @Override
  protected String taskYaml() {
    return """
        model:
          config: {d_model: 32, num_queries: 8, encoder_ffn_dim: 32, decoder_ffn_dim: 32}
        data: {source: synthetic, pages: 12, seed: 3}
        """;
  }

  @Override
  protected Map<String, Object> params() {
    return Map.of("learning_rate", 0.002, "per_device_train_batch_size", 4, "gradient_accumulation_steps", 2,
        "warmup_ratio", 0.1, "weight_decay", 0.0001, "image_size", 64, "ema_decay", 0.9, "max_grad_norm", 0.1,
        "denoising_groups", 2);
  }

  @Override
  protected int epochs() {
    return 3;
  }

  @Override
  protected String metric() {
    return "val_map";
  }

  @Override
  protected int resumeAfter() {
    return 2;
  }

  @Test
  void publishesHuggingFaceTensorsAndKeepsTheDenoisingOnesWithTheTrainingState() throws Exception {
    Uninterrupted trial = uninterrupted();
    Path checkpoint = Path.of(trial.config().trialDir()).resolve(trial.ctx().checkpointOf(epochs()).orElseThrow());
    DeformableDetrNetwork network = new DeformableDetrNetwork(DeformableDetrConfig.fromJson(
        Json.mapper().readTree(checkpoint.resolve("config.json").toFile())));
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, String> published = shapes(Safetensors.read(checkpoint.resolve(TrainingCheckpoint.WEIGHTS), m));
      Map<String, String> own = shapes(Safetensors.read(checkpoint.resolve(TrainingCheckpoint.TRAINING_ONLY), m));
      assertThat(published).isEqualTo(specs(network.parameters()));
      assertThat(own).isEqualTo(specs(new DenoisingEmbedding(network.config()).parameters()));
    }
  }

  private static Map<String, String> shapes(Map<String, NDArray> tensors) {
    Map<String, String> out = new TreeMap<>();
    tensors.forEach((k, v) -> out.put(k, v.getShape().toString()));
    return out;
  }

  private static Map<String, String> specs(List<ParameterSpec> specs) {
    Map<String, String> out = new TreeMap<>();
    specs.forEach(p -> out.put(p.name(), p.shape().toString()));
    return out;
  }
}
