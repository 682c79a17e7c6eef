package sweep.train;

import java.util.Map;

/**
 * A trial's parameters changed to need less memory ({@link TaskType#shrinkForMemory}).
 *
 * @param params the whole new parameter set
 * @param change the change in words, e.g. {@code per_device_train_batch_size 8, gradient_accumulation_steps 4
 *     (same effective batch)}
 */
public record Shrunk(Map<String, Object> params, String change) {
  public Shrunk {
    params = Map.copyOf(params);
  }
}
