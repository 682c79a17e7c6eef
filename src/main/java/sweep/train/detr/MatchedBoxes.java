package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The matched pairs' boxes, image after image and within an image in the matcher's order, as Hugging Face's
 * {@code loss_boxes} takes them ({@code pred_boxes[idx]} and the targets' {@code boxes[J]}).
 *
 * @param predicted {@code [pairs, 4]} the matched queries' boxes, differentiable with respect to the predictions
 * @param target {@code [pairs, 4]} their objects' boxes, constant
 */
record MatchedBoxes(NDArray predicted, NDArray target) {
  /**
   * @param boxes {@code [batch, queries, 4]}
   * @param match per image, queries (rows) matched to objects (columns)
   */
  static MatchedBoxes of(NDArray boxes, List<DetectionTarget> targets, List<Assignment> match) {
    long queries = boxes.getShape().get(1);
    int pairs = match.stream().mapToInt(Assignment::size).sum();
    long[] index = new long[pairs * 4];
    double[] target = new double[pairs * 4];
    int at = 0;
    for (int b = 0; b < match.size(); b++) {
      float[] objects = targets.get(b).boxes();
      Assignment matched = match.get(b);
      for (int k = 0; k < matched.size(); k++, at++) {
        for (int c = 0; c < 4; c++) {
          index[at * 4 + c] = b * queries + matched.row(k);
          target[at * 4 + c] = objects[matched.column(k) * 4 + c];
        }
      }
    }
    Shape shape = new Shape(pairs, 4);
    NDArray rowIndex = boxes.getManager().create(index, shape).toType(DataType.INT64, false)
        .toDevice(boxes.getDevice(), false);
    NDArray predicted = boxes.reshape(-1, 4).gather(rowIndex, 0);
    return new MatchedBoxes(predicted, DetrLoss.constant(target, shape, boxes));
  }
}
