package sweep.train.benchmark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import sweep.train.TaskType;

/**
 * The contract catches a task type that breaks it: {@link IgnoresStopTask} trains on after a stop, and the stop
 * clause, run as every task type runs it, fails for it. It is the benchmark task otherwise, with the benchmark's
 * spec and parameters, so the other clauses run as for any task type.
 */
class BrokenTaskContractTest extends BenchmarkTaskContractTest {
  @Override
  protected TaskType task() {
    return new IgnoresStopTask();
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
