package sweep.train.detr;

import java.util.List;

/**
 * A batch's ground truth concatenated image after image, as Hugging Face's matcher and loss concatenate
 * {@code class_labels} and {@code boxes}, checked against the predictions it is compared with.
 *
 * @param classes every object's class, image after image
 * @param boxes every object's (cx, cy, w, h), four numbers an object, in the order of {@code classes}
 */
record TargetBatch(int[] classes, double[] boxes) {
  /**
   * @throws IllegalArgumentException if there is not one target per image or a class is outside {@code [0, classCount)}
   */
  static TargetBatch of(List<DetectionTarget> targets, int batch, int classCount) {
    if (targets.size() != batch) {
      throw new IllegalArgumentException(batch + " images predicted but " + targets.size() + " targets given");
    }
    int count = targets.stream().mapToInt(DetectionTarget::size).sum();
    int[] classes = new int[count];
    double[] boxes = new double[count * 4];
    int at = 0;
    for (int b = 0; b < batch; b++) {
      DetectionTarget t = targets.get(b);
      int[] c = t.classes();
      float[] x = t.boxes();
      for (int k = 0; k < c.length; k++) {
        if (c[k] < 0 || c[k] >= classCount) {
          throw new IllegalArgumentException("image " + b + " object " + k + " has class " + c[k] + ", outside [0, "
              + classCount + ")");
        }
        classes[at + k] = c[k];
      }
      for (int k = 0; k < x.length; k++) {
        boxes[at * 4 + k] = x[k];
      }
      at += c.length;
    }
    return new TargetBatch(classes, boxes);
  }

  /** The number of objects in the batch. */
  int count() {
    return classes.length;
  }
}
