package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face's {@code DeformableDetrHungarianMatcher}: the one-to-one matching of each image's ground-truth boxes to
 * queries that costs least, where matching query q to object t costs
 * {@code classCost * focal(q, class_t) + bboxCost * L1(box_q, box_t) + giouCost * -GIoU(box_q, box_t)}. The focal
 * cost is {@code alpha (1 - p)^gamma (-log(p + 1e-8)) - (1 - alpha) p^gamma (-log(1 - p + 1e-8))} with p the sigmoid
 * of the query's logit for the object's class, alpha 0.25 and gamma 2 (fixed, as there); L1 is over (cx, cy, w, h);
 * the GIoU is of the boxes as corners. Costs are computed without gradient, in float64, and each image's assignment is
 * solved by {@link LinearAssignment}.
 *
 * @param classCost {@code class_cost}
 * @param bboxCost {@code bbox_cost}
 * @param giouCost {@code giou_cost}
 * @throws IllegalArgumentException if all three are 0, as Hugging Face's {@code ValueError}
 */
public record HungarianMatcher(double classCost, double bboxCost, double giouCost) {
  private static final double ALPHA = 0.25;
  private static final double GAMMA = 2;
  private static final double EPSILON = 1e-8;

  public HungarianMatcher {
    if (classCost == 0 && bboxCost == 0 && giouCost == 0) {
      throw new IllegalArgumentException("the matcher's costs cannot all be 0");
    }
  }

  /** The matcher with the matching weights of {@code c}. */
  public static HungarianMatcher of(LossCoefficients c) {
    return new HungarianMatcher(c.classCost(), c.bboxCost(), c.giouCost());
  }

  /**
   * Each image's least-cost matching.
   *
   * @param predictions one decoder layer's logits {@code [batch, queries, classes]} and boxes {@code [batch, queries,
   *     4]}
   * @param targets one per image, class indices in {@code [0, classes)}
   * @return per image, {@code min(queries, objects)} pairs: {@link Assignment#rows()} the queries (ascending),
   *     {@link Assignment#columns()} the objects (indices into the target)
   * @throws IllegalArgumentException if the targets do not fit the predictions (count, class range), a cost is not
   *     finite, or a box has a negative width or height
   */
  public List<Assignment> match(Predictions predictions, List<DetectionTarget> targets) {
    List<Assignment> out = new ArrayList<>();
    for (double[][] cost : costs(predictions, targets)) {
      out.add(LinearAssignment.solve(cost));
    }
    return out;
  }

  /**
   * Each image's cost matrix, what Hugging Face's matcher hands to {@code linear_sum_assignment}.
   *
   * @return per image, {@code [queries][objects]}
   * @throws IllegalArgumentException as {@link #match}, except for non-finite costs
   */
  public List<double[][]> costs(Predictions predictions, List<DetectionTarget> targets) {
    Shape shape = predictions.logits().getShape();
    int batch = (int) shape.get(0);
    int queries = (int) shape.get(1);
    int classes = (int) shape.get(2);
    TargetBatch all = TargetBatch.of(targets, batch, classes);
    List<double[][]> out = new ArrayList<>();
    if (all.count() == 0) {
      for (int b = 0; b < batch; b++) {
        out.add(new double[queries][0]);
      }
      return out;
    }
    double[] flat;
    NDArray logits = predictions.logits();
    try (NDManager scope = NoGradient.scope(logits)) {
      NDArray flatLogits = NoGradient.in(scope, logits).toType(DataType.FLOAT64, false).reshape(-1, classes);
      NDArray flatBoxes = NoGradient.in(scope, predictions.boxes()).toType(DataType.FLOAT64, false).reshape(-1, 4);
      flat = costMatrix(flatLogits, flatBoxes, all, scope).toDoubleArray();
    }
    int column = 0;
    for (int b = 0; b < batch; b++) {
      int objects = targets.get(b).size();
      double[][] cost = new double[queries][objects];
      for (int q = 0; q < queries; q++) {
        System.arraycopy(flat, (b * queries + q) * all.count() + column, cost[q], 0, objects);
      }
      out.add(cost);
      column += objects;
    }
    return out;
  }

  /** The cost of every (query of any image, object of any image) pair: {@code [batch * queries, all objects]}. */
  private NDArray costMatrix(NDArray logits, NDArray boxes, TargetBatch all, NDManager scope) {
    NDArray p = Activation.sigmoid(logits);
    NDArray negative = p.pow(GAMMA).mul(p.neg().add(1 + EPSILON).log().neg()).mul(1 - ALPHA);
    NDArray positive = p.neg().add(1).pow(GAMMA).mul(p.add(EPSILON).log().neg()).mul(ALPHA);
    NDArray classes = scope.create(all.classes()).toType(DataType.INT64, false).toDevice(logits.getDevice(), false);
    NDArray byObject = classes.expandDims(0).repeat(0, logits.getShape().get(0));
    NDArray classCostMatrix = positive.gather(byObject, 1).sub(negative.gather(byObject, 1));
    NDArray targetBoxes = scope.create(all.boxes(), new Shape(all.count(), 4)).toDevice(logits.getDevice(), false);
    NDArray l1 = boxes.expandDims(1).sub(targetBoxes.expandDims(0)).abs().sum(new int[] {-1});
    NDArray giou = BoxOps.pairwiseGeneralizedIou(BoxOps.centerToCorners(boxes), BoxOps.centerToCorners(targetBoxes));
    return l1.mul(bboxCost).add(classCostMatrix.mul(classCost)).add(giou.neg().mul(giouCost));
  }
}
