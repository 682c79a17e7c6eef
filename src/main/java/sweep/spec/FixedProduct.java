package sweep.spec;

import java.util.List;
import java.util.Map;

/**
 * A derived quantity held fixed while its parts are searched, e.g. an effective batch of 32 =
 * per_device_train_batch_size x gradient_accumulation_steps. All factors but the last are parameters of the
 * sweep or {@value #GPUS} (the GPUs each trial holds, a setting of the sweep, in {@code fixed}); the last is derived as
 * {@code value / product(other factors)} and is always a whole number.
 *
 * @param fixed the factors that are settings of the sweep rather than parameters, with their values
 */
public record FixedProduct(String name, long value, List<String> factors, Map<String, Long> fixed) {
  /** The factor that stands for the number of GPUs each trial holds ({@code gpus_per_trial}). */
  public static final String GPUS = "gpus_per_trial";

  public FixedProduct {
    factors = List.copyOf(factors);
    fixed = Map.copyOf(fixed);
  }

  public FixedProduct(String name, long value, List<String> factors) {
    this(name, value, factors, Map.of());
  }

  public String derived() {
    return factors.get(factors.size() - 1);
  }

  /** The factors searched as parameters (all but the derived one and the fixed ones). */
  public List<String> searched() {
    return factors.subList(0, factors.size() - 1).stream().filter(f -> !fixed.containsKey(f)).toList();
  }

  /** The factors that are not derived, in order: parameters and fixed ones. */
  public List<String> given() {
    return factors.subList(0, factors.size() - 1);
  }
}
