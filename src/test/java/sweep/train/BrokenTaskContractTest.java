package sweep.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract catches a task type that breaks it: {@link IgnoresStopTask} trains on after a stop, and the stop
 * clause, run as every task type runs it, fails for it. It keeps the other clauses (it is the benchmark task
 * otherwise), so they run as for any task type.
 */
class BrokenTaskContractTest extends TaskTypeContract {
  @Override
  protected TaskType task() {
    return new IgnoresStopTask();
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

  /** The clause fails: epochs 3 to 5 come after the stop answered at epoch 1. */
  @Test
  @Override
  protected void stopsWithinOneEpochWhenTold() {
    assertThatThrownBy(super::stopsWithinOneEpochWhenTold).isInstanceOf(AssertionError.class)
        .hasMessageContaining("epochs reported after the stop answered at epoch 1")
        .hasMessageContaining("[3, 4, 5]");
  }
}
