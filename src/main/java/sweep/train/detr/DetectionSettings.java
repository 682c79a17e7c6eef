package sweep.train.detr;

import sweep.train.TrialParams;

import java.util.List;
import java.util.Map;

/**
 * The training parameters a detection trial takes, under the Hugging Face Trainer's names plus detection's own, with
 * defaults where a sweep does not set them (the Trainer's, and Deformable DETR's for {@code lr_backbone},
 * {@code weight_decay} and {@code max_grad_norm}).
 *
 * @param lrBackbone the learning rate of the backbone's trainable tensors (default: a tenth of
 *     {@code learning_rate}, Deformable DETR's ratio)
 * @param imageSize the shortest edge images are resized to ({@link ImageSizing#forImageSize})
 * @param emaDecay the weight average's decay, 0 for none; with one, the average is evaluated and published
 * @param numQueries object queries for a model trained from scratch ({@code num_queries}, or a two-stage model's
 *     {@code two_stage_num_proposals}), 0 for the configuration's
 * @param denoising denoising queries in training ({@code denoising_groups}, default 0: off; {@code label_noise_ratio},
 *     default 0.2; {@code box_noise_scale}, default 0.4: DN-DETR's)
 */
public record DetectionSettings(double learningRate, double weightDecay, double warmupRatio, int batchSize,
    int gradientAccumulationSteps, double maxGradNorm, double lrBackbone, int imageSize, double emaDecay,
    int numQueries, Denoising denoising) {

  /** Parameter names a detection trial reads. */
  public static final List<String> NAMES = List.of("learning_rate", "weight_decay", "warmup_ratio",
      "per_device_train_batch_size", "gradient_accumulation_steps", "max_grad_norm", "lr_backbone", "image_size",
      "ema_decay", "num_queries", "denoising_groups", "label_noise_ratio", "box_noise_scale");

  /** The settings of a trial's parameters; throws {@link IllegalArgumentException} naming one out of range. */
  public static DetectionSettings from(Map<String, Object> p) {
    double lr = TrialParams.number(p, "learning_rate", 1e-4);
    DetectionSettings s = new DetectionSettings(lr, TrialParams.number(p, "weight_decay", 1e-4), TrialParams.number(p, "warmup_ratio", 0),
        (int) TrialParams.number(p, "per_device_train_batch_size", 4), (int) TrialParams.number(p, "gradient_accumulation_steps", 1),
        TrialParams.number(p, "max_grad_norm", 0.1), TrialParams.number(p, "lr_backbone", lr / 10), (int) TrialParams.number(p, "image_size", 800),
        TrialParams.number(p, "ema_decay", 0), (int) TrialParams.number(p, "num_queries", 0),
        new Denoising((int) TrialParams.number(p, "denoising_groups", 0),
            TrialParams.number(p, "label_noise_ratio", Denoising.LABEL_NOISE_RATIO),
            TrialParams.number(p, "box_noise_scale", Denoising.BOX_NOISE_SCALE)));
    check(s.learningRate > 0, "learning_rate", s.learningRate);
    check(s.weightDecay >= 0, "weight_decay", s.weightDecay);
    check(s.warmupRatio >= 0 && s.warmupRatio <= 1, "warmup_ratio", s.warmupRatio);
    check(s.batchSize >= 1, "per_device_train_batch_size", s.batchSize);
    check(s.gradientAccumulationSteps >= 1, "gradient_accumulation_steps", s.gradientAccumulationSteps);
    check(s.maxGradNorm >= 0, "max_grad_norm", s.maxGradNorm);
    check(s.lrBackbone >= 0, "lr_backbone", s.lrBackbone);
    check(s.imageSize >= 32, "image_size", s.imageSize);
    check(s.emaDecay >= 0 && s.emaDecay < 1, "ema_decay", s.emaDecay);
    check(s.numQueries >= 0, "num_queries", s.numQueries);
    return s;
  }

  private static void check(boolean ok, String name, double value) {
    if (!ok) {
      throw new IllegalArgumentException("parameter " + name + " out of range: " + value);
    }
  }
}
