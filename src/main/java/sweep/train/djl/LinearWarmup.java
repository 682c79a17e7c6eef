package sweep.train.djl;

import java.util.function.IntToDoubleFunction;

/**
 * The Hugging Face linear schedule ({@code get_linear_schedule_with_warmup}): for optimizer step k, the learning
 * rate rises linearly from 0 over the warmup steps, then falls linearly to 0 at the last step.
 */
public record LinearWarmup(double baseRate, int warmupSteps, int totalSteps) implements IntToDoubleFunction {

  /** Warmup steps as the Trainer computes them: {@code ceil(total * warmup_ratio)}. */
  public static LinearWarmup of(double baseRate, double warmupRatio, int totalSteps) {
    return new LinearWarmup(baseRate, (int) Math.ceil(totalSteps * warmupRatio), totalSteps);
  }

  @Override
  public double applyAsDouble(int step) {
    if (step < warmupSteps) {
      return baseRate * step / Math.max(1, warmupSteps);
    }
    return baseRate * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  }
}
