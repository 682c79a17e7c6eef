package sweep.spec;

import java.util.List;

/**
 * A derived quantity held fixed while its parts are searched, e.g. an effective batch of 32 =
 * per_device_train_batch_size x gradient_accumulation_steps. All factors but the last are parameters of the
 * sweep; the last is derived as {@code value / product(other factors)} and is always a whole number.
 */
public record FixedProduct(String name, long value, List<String> factors) {
  public FixedProduct {
    factors = List.copyOf(factors);
  }

  public String derived() {
    return factors.get(factors.size() - 1);
  }

  public List<String> searched() {
    return factors.subList(0, factors.size() - 1);
  }
}
