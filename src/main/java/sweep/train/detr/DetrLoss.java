package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.train.djl.OwnedMemory;

/**
 * Deformable DETR's training loss, Hugging Face's {@code DeformableDetrForObjectDetectionLoss}: per decoder layer,
 * queries matched to objects by {@link HungarianMatcher} ({@code DeformableDetrHungarianMatcher}), then the terms of
 * {@code DeformableDetrImageLoss} with {@code num_boxes} the batch's number of objects, at least 1:
 * <ul>
 *   <li>{@code loss_ce}: the sigmoid focal loss (alpha {@code focalAlpha}, gamma 2) of every query and class against
 *       one-hot targets (a matched query's object class is 1, all else 0), averaged over the queries, summed, divided
 *       by {@code num_boxes} and multiplied by the number of queries again: in effect the sum over all queries and
 *       classes divided by {@code num_boxes};
 *   <li>{@code loss_bbox}: the L1 distance of the matched boxes (cx, cy, w, h), summed, divided by {@code num_boxes};
 *   <li>{@code loss_giou}: 1 - GIoU of the matched boxes, summed, divided by {@code num_boxes};
 *   <li>{@code cardinality_error}, logged only: the mean over images of |queries whose arg-max class is not the last
 *       one - objects| (DETR's softmax "no object" reading, kept as Hugging Face keeps it).
 * </ul>
 * The total is {@code loss_ce + bboxLoss * loss_bbox + giouLoss * loss_giou} summed over the last layer and every
 * auxiliary one (each matched on its own; {@code num_boxes} is shared).
 *
 * <p>A two-stage model's encoder proposals ({@link EncoderProposals}, Hugging Face's {@code enc_outputs}), when
 * given, are matched on their own with every object's class set to 0 and their four terms recorded with the suffix
 * {@code _enc} ({@code loss_ce_enc}, {@code loss_bbox_enc}, {@code loss_giou_enc}, {@code cardinality_error_enc}),
 * as {@code DeformableDetrLoss.forward} did in {@code modeling_deformable_detr.py}; its {@code weight_dict} has no
 * {@code _enc} key, so they are not part of the total (the original Deformable DETR weighs them like a layer's), and
 * transformers' present {@code loss_deformable_detr.py} no longer computes them at all. Training therefore leaves
 * them out ({@link #compute(Predictions, List, List)}): they cost a matching over every encoder position.
 *
 * <p>Denoising queries (DN-DETR's {@code compute_dn_loss} in {@code dn_components.py} of
 * {@code models/dn_dab_deformable_detr}), when given ({@link #compute(Predictions, List, Predictions, List, List,
 * int)}): each denoising query is matched by construction to the object it was made from, its label before the noise
 * and its box; per decoder layer (the last, and the auxiliary ones given), {@code dn_loss_ce} (the focal loss summed
 * over those queries and every class), {@code dn_loss_bbox} (L1) and {@code dn_loss_giou} (1 - GIoU), each divided by
 * {@code num_tgt}, the objects times the groups, and recorded with the suffix {@code _i} for auxiliary layer i. They
 * are added to the total at the weights of {@code loss_ce}, {@code loss_bbox} and {@code loss_giou}. Padding places
 * count for nothing.
 *
 * <p>Left out: the segmentation terms; with several processes {@code num_boxes} is this process's count, not Hugging
 * Face's average over processes. Hugging Face weighs auxiliary terms only for {@code i < decoder_layers - 1}; here
 * every auxiliary layer given is weighed.
 */
public final class DetrLoss {
  private static final double GAMMA = 2;

  private final LossCoefficients coefficients;
  private final HungarianMatcher matcher;

  /** The loss with these weights ({@link LossCoefficients#defaults()} for Hugging Face's). */
  public DetrLoss(LossCoefficients coefficients) {
    this.coefficients = coefficients;
    this.matcher = HungarianMatcher.of(coefficients);
  }

  /** The weights. */
  public LossCoefficients coefficients() {
    return coefficients;
  }

  /**
   * The loss of one batch.
   *
   * @param last the last decoder layer's predictions ({@code logits}, {@code pred_boxes})
   * @param auxiliary the other decoder layers' predictions in order ({@code auxiliary_outputs}); empty when
   *     {@code auxiliary_loss} is off
   * @param targets one per image
   * @return the total and the terms
   * @throws IllegalArgumentException if the targets do not fit the predictions, a matching cost is not finite or a box
   *     has a negative width or height
   */
  public LossTerms compute(Predictions last, List<Predictions> auxiliary, List<DetectionTarget> targets) {
    return compute(last, auxiliary, null, targets);
  }

  /**
   * The loss of one batch with a two-stage model's encoder proposals: as {@link #compute(Predictions, List, List)},
   * plus the proposals' {@code _enc} terms, which are recorded but, as in Hugging Face, not added to the total.
   *
   * @param encoder the encoder's proposals ({@link EncoderProposals#predictions()}), or null for none
   */
  public LossTerms compute(Predictions last, List<Predictions> auxiliary, Predictions encoder,
      List<DetectionTarget> targets) {
    double numBoxes = Math.max(1, targets.stream().mapToInt(DetectionTarget::size).sum());
    Map<String, Double> terms = new LinkedHashMap<>();
    List<List<Assignment>> matches = new ArrayList<>();
    NDArray total = layer(last, targets, numBoxes, "", terms, matches);
    for (int i = 0; i < auxiliary.size(); i++) {
      total = total.add(layer(auxiliary.get(i), targets, numBoxes, "_" + i, terms, matches));
    }
    if (encoder != null) {
      // every object of class 0: the proposals only tell objects from background
      List<DetectionTarget> binary = targets.stream().map(t -> new DetectionTarget(new int[t.size()], t.boxes()))
          .toList();
      layer(encoder, binary, numBoxes, "_enc", terms, matches);
    }
    return new LossTerms(total, terms, matches);
  }

  /**
   * The loss of one batch trained with denoising queries: as {@link #compute(Predictions, List, Predictions, List)},
   * plus the denoising terms (see the class), weighted and added to the total.
   *
   * @param denoising every given decoder layer's predictions for the denoising queries, in the order of
   *     {@code auxiliary} then {@code last} (the last layer last), each {@code [batch, groups * single_pad, ...]}; empty
   *     for none
   * @param groups the number of denoising groups
   * @throws IllegalArgumentException as there, or if the denoising predictions do not fit the targets
   */
  public LossTerms compute(Predictions last, List<Predictions> auxiliary, Predictions encoder,
      List<DetectionTarget> targets, List<Predictions> denoising, int groups) {
    LossTerms matching = compute(last, auxiliary, encoder, targets);
    if (denoising.isEmpty()) {
      return matching;
    }
    Map<String, Double> terms = new LinkedHashMap<>(matching.terms());
    NDArray total = matching.total();
    for (int i = 0; i < denoising.size(); i++) {
      String suffix = i == denoising.size() - 1 ? "" : "_" + i;
      total = total.add(denoisingLayer(denoising.get(i), targets, groups, suffix, terms));
    }
    return new LossTerms(total, terms, matching.matches());
  }

  /** One layer's denoising terms ({@code dn_loss_*} with {@code suffix}); returns their weighted sum. */
  private NDArray denoisingLayer(Predictions p, List<DetectionTarget> targets, int groups, String suffix,
      Map<String, Double> terms) {
    Shape shape = p.logits().getShape();
    int batch = (int) shape.get(0);
    int pad = (int) shape.get(1);
    int classes = (int) shape.get(2);
    int singlePad = targets.stream().mapToInt(DetectionTarget::size).max().orElse(0);
    if (batch != targets.size() || pad != groups * singlePad) {
      throw new IllegalArgumentException("denoising predictions " + shape + " do not fit " + targets.size()
          + " images of at most " + singlePad + " objects in " + groups + " groups");
    }
    double[] known = new double[batch * pad];
    double[] onehot = new double[batch * pad * classes];
    double[] boxes = new double[batch * pad * 4];
    Arrays.fill(boxes, 0.5);
    int numTarget = 0;
    for (int b = 0; b < batch; b++) {
      DetectionTarget t = targets.get(b);
      for (int g = 0; g < groups; g++) {
        for (int j = 0; j < t.size(); j++) {
          int at = b * pad + g * singlePad + j;
          known[at] = 1;
          onehot[at * classes + t.classes()[j]] = 1;
          for (int k = 0; k < 4; k++) {
            boxes[at * 4 + k] = t.boxes()[4 * j + k];
          }
          numTarget++;
        }
      }
    }
    NDManager m = p.logits().getManager();
    NDArray weight = constant(known, new Shape(batch, pad, 1), p.logits());
    NDArray count = OwnedMemory.scalar(m, numTarget);
    NDArray ce = focal(p.logits(), constant(onehot, shape, p.logits())).mul(weight).sum().div(count);
    NDArray target = constant(boxes, new Shape(batch, pad, 4), p.boxes());
    NDArray l1 = p.boxes().sub(target).abs().mul(weight).sum().div(count);
    NDArray giou = OwnedMemory.scalar(m, 1).sub(BoxOps.generalizedIou(
        BoxOps.centerToCorners(p.boxes().reshape(batch * pad, 4)), BoxOps.centerToCorners(target.reshape(batch * pad,
        4)))).mul(weight.reshape(batch * pad)).sum().div(count);
    terms.put("dn_loss_ce" + suffix, value(ce));
    terms.put("dn_loss_bbox" + suffix, value(l1));
    terms.put("dn_loss_giou" + suffix, value(giou));
    return ce.add(l1.mul(OwnedMemory.scalar(m, coefficients.bboxLoss())))
        .add(giou.mul(OwnedMemory.scalar(m, coefficients.giouLoss())));
  }

  /** One layer's matching and terms (recorded under their names with {@code suffix}); returns its weighted sum. */
  private NDArray layer(Predictions p, List<DetectionTarget> targets, double numBoxes, String suffix,
      Map<String, Double> terms, List<List<Assignment>> matches) {
    List<Assignment> match = matcher.match(p, targets);
    matches.add(match);
    NDManager m = p.logits().getManager();
    NDArray labels = labels(p.logits(), targets, match, numBoxes);
    MatchedBoxes boxes = MatchedBoxes.of(p.boxes(), targets, match);
    NDArray count = OwnedMemory.scalar(m, numBoxes);
    NDArray l1 = boxes.predicted().sub(boxes.target()).abs().sum().div(count);
    NDArray giou = OwnedMemory.scalar(m, 1).sub(BoxOps.generalizedIou(BoxOps.centerToCorners(boxes.predicted()),
        BoxOps.centerToCorners(boxes.target()))).sum().div(count);
    terms.put("loss_ce" + suffix, value(labels));
    terms.put("loss_bbox" + suffix, value(l1));
    terms.put("loss_giou" + suffix, value(giou));
    terms.put("cardinality_error" + suffix, cardinalityError(p.logits(), targets));
    return labels.add(l1.mul(OwnedMemory.scalar(m, coefficients.bboxLoss())))
        .add(giou.mul(OwnedMemory.scalar(m, coefficients.giouLoss())));
  }

  /** {@code DeformableDetrImageLoss.loss_labels}: the focal loss over every query and class. */
  private NDArray labels(NDArray logits, List<DetectionTarget> targets, List<Assignment> match, double numBoxes) {
    NDManager m = logits.getManager();
    Shape shape = logits.getShape();
    int queries = (int) shape.get(1);
    int classes = (int) shape.get(2);
    double[] onehot = new double[(int) shape.size()];
    for (int b = 0; b < match.size(); b++) {
      int[] objectClasses = targets.get(b).classes();
      Assignment pairs = match.get(b);
      for (int k = 0; k < pairs.size(); k++) {
        onehot[(b * queries + pairs.row(k)) * classes + objectClasses[pairs.column(k)]] = 1;
      }
    }
    return focal(logits, constant(onehot, shape, logits)).mean(new int[] {1}).sum()
        .div(OwnedMemory.scalar(m, numBoxes)).mul(OwnedMemory.scalar(m, queries));
  }

  /** {@code sigmoid_focal_loss} before its reduction: the loss of every element of {@code logits} against 0/1. */
  private NDArray focal(NDArray logits, NDArray target) {
    NDManager m = logits.getManager();
    NDArray one = OwnedMemory.scalar(m, 1);
    NDArray prob = Activation.sigmoid(logits);
    // binary_cross_entropy_with_logits: log(1 + e^x) - x t
    NDArray crossEntropy = Activation.softPlus(logits).sub(logits.mul(target));
    NDArray pT = prob.mul(target).add(one.sub(prob).mul(one.sub(target)));
    NDArray loss = crossEntropy.mul(one.sub(pT).pow(OwnedMemory.scalar(m, GAMMA)));
    double alpha = coefficients.focalAlpha();
    if (alpha >= 0) {
      NDArray alphaT = target.mul(OwnedMemory.scalar(m, alpha)).add(one.sub(target)
          .mul(OwnedMemory.scalar(m, 1 - alpha)));
      loss = alphaT.mul(loss);
    }
    return loss;
  }

  /** {@code ImageLoss.loss_cardinality}, a number to log. */
  private static double cardinalityError(NDArray logits, List<DetectionTarget> targets) {
    long classes = logits.getShape().get(2);
    long[] predicted;
    try (NDManager scope = NoGradient.scope(logits)) {
      predicted = NoGradient.in(scope, logits).argMax(-1).neq(classes - 1).toType(DataType.INT64, false)
          .sum(new int[] {1}).toLongArray();
    }
    double sum = 0;
    for (int b = 0; b < predicted.length; b++) {
      sum += Math.abs(predicted[b] - targets.get(b).size());
    }
    return sum / predicted.length;
  }

  /** {@code data} as an array of {@code like}'s type on its device. */
  static NDArray constant(double[] data, Shape shape, NDArray like) {
    return like.getManager().create(data, shape).toType(like.getDataType(), false).toDevice(like.getDevice(), false);
  }

  private static double value(NDArray scalar) {
    try (NDManager scope = NoGradient.scope(scalar)) {
      return NoGradient.in(scope, scalar).toType(DataType.FLOAT64, false).getDouble();
    }
  }
}
