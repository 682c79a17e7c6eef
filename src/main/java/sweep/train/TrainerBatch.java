package sweep.train;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The batch parameters as the Hugging Face Trainer names them ({@value #BATCH}, {@value #ACCUMULATION}), for the
 * tasks whose trials take them: halving the per-device batch for memory, and the effective batch.
 */
public final class TrainerBatch {
  public static final String BATCH = "per_device_train_batch_size";
  public static final String ACCUMULATION = "gradient_accumulation_steps";

  private TrainerBatch() {}

  /** A task whose trials take these parameters: out of memory halves the per-device batch. */
  public interface Task extends TaskType {
    @Override
    default Optional<Shrunk> shrinkForMemory(Map<String, Object> params) {
      return halved(params);
    }

    @Override
    default Optional<Long> effectiveBatch(Map<String, Object> params, int devices) {
      return effective(params, devices);
    }
  }

  /** The parameters with the per-device batch halved and the accumulation doubled, if the batch can halve. */
  public static Optional<Shrunk> halved(Map<String, Object> params) {
    if (!(params.get(BATCH) instanceof Number b) || b.longValue() < 2 || b.longValue() % 2 != 0) {
      return Optional.empty();
    }
    Map<String, Object> out = new TreeMap<>(params);
    long accumulation = params.get(ACCUMULATION) instanceof Number a ? a.longValue() : 1;
    out.put(BATCH, b.longValue() / 2);
    out.put(ACCUMULATION, accumulation * 2);
    return Optional.of(new Shrunk(out, BATCH + " " + out.get(BATCH) + ", " + ACCUMULATION + " "
        + out.get(ACCUMULATION) + " (same effective batch)"));
  }

  /** Per-device batch x accumulation x devices, when the parameters have a per-device batch. */
  public static Optional<Long> effective(Map<String, Object> params, int devices) {
    if (!(params.get(BATCH) instanceof Number b)) {
      return Optional.empty();
    }
    long accumulation = params.getOrDefault(ACCUMULATION, 1L) instanceof Number a ? a.longValue() : 1;
    return Optional.of(b.longValue() * accumulation * Math.max(1, devices));
  }
}
