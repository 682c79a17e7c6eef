package sweep.train.layoutlm;

import java.util.Map;
import sweep.train.TaskType;
import sweep.train.TaskTypeContract;

/**
 * The task-type contract for {@code task: token-classification}: the tiny LayoutLM of {@link LayoutLmTrialTest}
 * (one layer of 32 units, trained from scratch) on 40 synthetic receipts, three epochs.
 */
class TokenClassificationTaskContractTest extends TaskTypeContract {
  @Override
  protected TaskType task() {
    return new TokenClassificationTask();
  }

  @Override
  protected String taskYaml() {
    return """
        model:
          config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
          max_seq_length: 24
        data: {source: synthetic, receipts: 40, seed: 3}
        """;
  }

  @Override
  protected Map<String, Object> params() {
    return Map.of("learning_rate", 0.003, "per_device_train_batch_size", 16, "gradient_accumulation_steps", 2,
        "warmup_ratio", 0.1, "weight_decay", 0.01, "label_smoothing_factor", 0.05, "max_grad_norm", 1.0);
  }

  @Override
  protected int epochs() {
    return 3;
  }

  @Override
  protected String metric() {
    return "val_f1";
  }

  @Override
  protected int resumeAfter() {
    return 2;
  }
}
