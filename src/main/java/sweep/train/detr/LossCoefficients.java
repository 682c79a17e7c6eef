package sweep.train.detr;

import java.util.Arrays;

/**
 * The weights of Deformable DETR's matching cost and loss, Hugging Face's {@code DeformableDetrConfig} fields of the
 * same names; {@link #defaults()} are that config's defaults. The class term of the loss has weight 1 (its
 * {@code weight_dict} fixes {@code loss_ce} at 1), and the matcher's class cost uses a focal alpha of 0.25 and gamma 2
 * whatever {@code focalAlpha} says, as Hugging Face's matcher does.
 *
 * @param classCost {@code class_cost}: weight of the focal class cost in the matching cost
 * @param bboxCost {@code bbox_cost}: weight of the L1 box distance in the matching cost
 * @param giouCost {@code giou_cost}: weight of the negated generalized IoU in the matching cost
 * @param bboxLoss {@code bbox_loss_coefficient}: weight of {@code loss_bbox} (L1) in the total
 * @param giouLoss {@code giou_loss_coefficient}: weight of {@code loss_giou} (1 - GIoU) in the total
 * @param focalAlpha {@code focal_alpha}: the positive class's weight in the sigmoid focal loss ({@code loss_ce});
 *     negative turns the weighting off, as in Hugging Face's {@code sigmoid_focal_loss}
 * @throws IllegalArgumentException if a coefficient is NaN or infinite
 */
public record LossCoefficients(double classCost, double bboxCost, double giouCost, double bboxLoss, double giouLoss,
    double focalAlpha) {
  public LossCoefficients {
    double[] all = {classCost, bboxCost, giouCost, bboxLoss, giouLoss, focalAlpha};
    for (double c : all) {
      if (!Double.isFinite(c)) {
        throw new IllegalArgumentException("loss coefficients must be finite: " + Arrays.toString(all));
      }
    }
  }

  /** {@code DeformableDetrConfig}'s defaults: class 1, bbox 5, giou 2 (matching); bbox 5, giou 2 (loss); alpha 0.25. */
  public static LossCoefficients defaults() {
    return new LossCoefficients(1, 5, 2, 5, 2, 0.25);
  }
}
