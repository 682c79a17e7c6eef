package sweep.train.detr;

import java.util.Map;
import sweep.train.TaskType;
import sweep.train.TaskTypeContract;

/**
 * The task-type contract for {@code task: detection}: a tiny Deformable DETR (the default from-scratch
 * configuration with d_model 32 and 8 queries) on 12 synthetic form pages at 64 pixels, three epochs.
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
        "warmup_ratio", 0.1, "weight_decay", 0.0001, "image_size", 64, "ema_decay", 0.9, "max_grad_norm", 0.1);
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
}
