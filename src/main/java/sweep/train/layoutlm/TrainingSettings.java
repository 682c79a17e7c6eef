package sweep.train.layoutlm;

import sweep.train.TrialParams;

import java.util.Map;

/**
 * The Hugging Face Trainer arguments a trial takes from its parameters, with the Trainer's defaults where a
 * sweep does not set them.
 */
public record TrainingSettings(
    double learningRate,
    double weightDecay,
    double warmupRatio,
    int batchSize,
    int gradientAccumulationSteps,
    double labelSmoothingFactor,
    double maxGradNorm) {

  /** Parameter names this task reads. */
  public static final java.util.List<String> NAMES = java.util.List.of("learning_rate", "weight_decay",
      "warmup_ratio", "per_device_train_batch_size", "gradient_accumulation_steps", "label_smoothing_factor",
      "max_grad_norm");

  public static TrainingSettings from(Map<String, Object> p) {
    TrainingSettings s = new TrainingSettings(TrialParams.number(p, "learning_rate", 5e-5), TrialParams.number(p, "weight_decay", 0.0),
        TrialParams.number(p, "warmup_ratio", 0.0), (int) TrialParams.number(p, "per_device_train_batch_size", 8),
        (int) TrialParams.number(p, "gradient_accumulation_steps", 1), TrialParams.number(p, "label_smoothing_factor", 0.0),
        TrialParams.number(p, "max_grad_norm", 1.0));
    if (!(s.learningRate > 0) || s.batchSize < 1 || s.gradientAccumulationSteps < 1 || s.weightDecay < 0
        || s.warmupRatio < 0 || s.warmupRatio > 1 || s.labelSmoothingFactor < 0 || s.labelSmoothingFactor >= 1
        || s.maxGradNorm < 0) {
      throw new IllegalArgumentException("training parameters out of range: " + s);
    }
    return s;
  }
}
