package sweep.train.benchmark;

import java.util.Map;
import sweep.train.TaskType;
import sweep.train.TaskTypeContract;

/** The task-type contract for {@code task: benchmark}: the batch-and-learning-rate curves, with noise. */
class BenchmarkTaskContractTest extends TaskTypeContract {
  @Override
  protected TaskType task() {
    return new BenchmarkTask();
  }

  @Override
  protected String taskYaml() {
    return "benchmark: {problem: batch-lr, noise: 0.01}\n";
  }

  @Override
  protected Map<String, Object> params() {
    return Map.of("learning_rate", 1e-4, "per_device_train_batch_size", 16, "gradient_accumulation_steps", 2);
  }

  @Override
  protected int epochs() {
    return 5;
  }

  @Override
  protected String metric() {
    return "val_score";
  }

  @Override
  protected int resumeAfter() {
    return 2;
  }
}
