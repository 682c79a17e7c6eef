package sweep.train.detr;

/**
 * The denoising-queries training option (DN-DETR, as its {@code dn_components.py} of
 * {@code models/dn_dab_deformable_detr} does it): during training, {@code groups} copies of every ground-truth object,
 * label and box noised, are extra decoder queries that learn to reconstruct their object; inference never has them.
 * Defaults are DN-DETR's ({@code --scalar 5 --label_noise_scale 0.2 --box_noise_scale 0.4}).
 *
 * @param groups how many noised copies of the objects (DN-DETR's {@code scalar}); 0 turns denoising off
 * @param labelNoiseRatio the probability that a copy's label is replaced by a class drawn uniformly (which may be
 *     its own), DN-DETR's {@code label_noise_scale}, in [0, 1]
 * @param boxNoiseScale the box noise's scale ({@code box_noise_scale}): each centre coordinate moves by up to
 *     {@code scale * size / 2} and each size by up to {@code scale * size}, uniformly, then the box is clamped to
 *     [0, 1]; at least 0
 * @throws IllegalArgumentException naming the parameter ({@code denoising_groups}, {@code label_noise_ratio},
 *     {@code box_noise_scale}) that is out of range
 */
public record Denoising(int groups, double labelNoiseRatio, double boxNoiseScale) {
  /** DN-DETR's label noise. */
  public static final double LABEL_NOISE_RATIO = 0.2;
  /** DN-DETR's box noise. */
  public static final double BOX_NOISE_SCALE = 0.4;
  /** DN-DETR's number of groups. */
  public static final int GROUPS = 5;

  public Denoising {
    if (groups < 0) {
      throw new IllegalArgumentException("parameter denoising_groups out of range: " + groups);
    }
    if (!(labelNoiseRatio >= 0 && labelNoiseRatio <= 1)) {
      throw new IllegalArgumentException("parameter label_noise_ratio out of range: " + labelNoiseRatio);
    }
    if (!(boxNoiseScale >= 0 && Double.isFinite(boxNoiseScale))) {
      throw new IllegalArgumentException("parameter box_noise_scale out of range: " + boxNoiseScale);
    }
  }

  /** No denoising queries. */
  public static Denoising off() {
    return new Denoising(0, LABEL_NOISE_RATIO, BOX_NOISE_SCALE);
  }

  /** Whether training adds denoising queries. */
  public boolean enabled() {
    return groups > 0;
  }
}
