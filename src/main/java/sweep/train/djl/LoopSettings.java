package sweep.train.djl;

/**
 * How the loop trains, as the Hugging Face Trainer's arguments say it.
 *
 * @param batchSize examples per forward pass ({@code per_device_train_batch_size})
 * @param accumulation forward passes per optimizer step ({@code gradient_accumulation_steps})
 * @param maxGradNorm global-norm clipping, 0 for none ({@code max_grad_norm})
 * @param evalBatchSize examples per forward pass in evaluation
 * @param reportFile the name of the evaluator's report beside each checkpoint and in the trial directory, or null
 */
public record LoopSettings(int batchSize, int accumulation, double maxGradNorm, int evalBatchSize, String reportFile) {
  public LoopSettings {
    if (batchSize < 1 || accumulation < 1 || !(maxGradNorm >= 0) || evalBatchSize < 1) {
      throw new IllegalArgumentException("loop settings out of range: " + batchSize + ", " + accumulation + ", "
          + maxGradNorm + ", " + evalBatchSize);
    }
  }

  /** Optimizer steps per epoch over {@code examples} examples. */
  public int stepsPerEpoch(int examples) {
    int batches = (examples + batchSize - 1) / batchSize;
    return (batches + accumulation - 1) / accumulation;
  }
}
