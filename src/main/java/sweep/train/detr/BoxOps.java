package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import sweep.train.djl.OwnedMemory;

/**
 * Box arithmetic of Hugging Face's detection losses ({@code center_to_corners_format} of {@code image_transforms},
 * {@code box_area}, {@code box_iou} and {@code generalized_box_iou} of {@code loss_for_object_detection}), on arrays
 * whose last axis holds the four numbers of a box. Every operation is differentiable where Hugging Face's is, with the
 * same formulas (no epsilon: a zero union or enclosing area gives NaN there as here).
 */
public final class BoxOps {
  private BoxOps() {}

  /**
   * (cx, cy, w, h) to (x0, y0, x1, y1): {@code (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)}.
   *
   * @param boxes {@code [..., 4]}
   * @return {@code [..., 4]}
   */
  public static NDArray centerToCorners(NDArray boxes) {
    NDArray centre = boxes.get(new NDIndex("..., :2"));
    NDArray half = boxes.get(new NDIndex("..., 2:")).mul(OwnedMemory.scalar(boxes.getManager(), 0.5));
    return centre.sub(half).concat(centre.add(half), -1);
  }

  /**
   * The generalized IoU (Rezatofighi et al. 2019) of corner boxes paired by broadcasting: the IoU less the share of
   * the smallest enclosing box that the union leaves empty, in [-1, 1].
   *
   * @param a {@code [..., 4]} corner boxes (x0, y0, x1, y1)
   * @param b corner boxes broadcastable against {@code a}
   * @return the broadcast shape without the last axis
   * @throws IllegalArgumentException if a box has {@code x1 < x0} or {@code y1 < y0} (or NaN corners), as Hugging
   *     Face's {@code ValueError}
   */
  public static NDArray generalizedIou(NDArray a, NDArray b) {
    requireCorners("a", a);
    requireCorners("b", b);
    NDArray aLow = a.get(new NDIndex("..., :2"));
    NDArray aHigh = a.get(new NDIndex("..., 2:"));
    NDArray bLow = b.get(new NDIndex("..., :2"));
    NDArray bHigh = b.get(new NDIndex("..., 2:"));
    NDArray inter = area(aLow.maximum(bLow), aHigh.minimum(bHigh));
    NDArray union = area(aLow, aHigh).add(area(bLow, bHigh)).sub(inter);
    NDArray enclosing = area(aLow.minimum(bLow), aHigh.maximum(bHigh));
    return inter.div(union).sub(enclosing.sub(union).div(enclosing));
  }

  /**
   * Every pair's generalized IoU, Hugging Face's {@code generalized_box_iou}.
   *
   * @param a {@code [n, 4]} corner boxes
   * @param b {@code [m, 4]} corner boxes
   * @return {@code [n, m]}: element (i, j) is {@link #generalizedIou} of {@code a[i]} and {@code b[j]}
   */
  public static NDArray pairwiseGeneralizedIou(NDArray a, NDArray b) {
    return generalizedIou(a.expandDims(1), b.expandDims(0));
  }

  /** The area of the boxes from {@code low} (x0, y0) to {@code high} (x1, y1), zero where they do not overlap. */
  private static NDArray area(NDArray low, NDArray high) {
    NDArray size = high.sub(low).clip(0, Float.MAX_VALUE);
    return size.get(new NDIndex("..., 0")).mul(size.get(new NDIndex("..., 1")));
  }

  private static void requireCorners(String name, NDArray boxes) {
    try (NDManager scope = NoGradient.scope(boxes)) {
      NDArray detached = NoGradient.in(scope, boxes);
      if (!detached.get(new NDIndex("..., 2:")).gte(detached.get(new NDIndex("..., :2"))).all().getBoolean()) {
        throw new IllegalArgumentException(
            name + " must hold corner boxes (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1");
      }
    }
  }
}
