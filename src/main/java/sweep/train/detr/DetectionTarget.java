package sweep.train.detr;

import java.util.Arrays;

/**
 * One image's ground truth as the model and its loss see it, as Hugging Face's image processor leaves it in
 * {@code labels}: a class index per object and its box as (cx, cy, w, h) normalised to [0, 1] by the image's size
 * after resizing (before padding).
 *
 * @param classes the class index of each object, in {@code [0, num_labels)}
 * @param boxes the boxes, four numbers per object in the order of {@code classes}: {@code [n * 4]}
 */
public record DetectionTarget(int[] classes, float[] boxes) {
  public DetectionTarget {
    if (boxes.length != classes.length * 4) {
      throw new IllegalArgumentException(classes.length + " objects need " + classes.length * 4 + " box numbers, got "
          + boxes.length);
    }
    classes = classes.clone();
    boxes = boxes.clone();
  }

  /** The number of objects. */
  public int size() {
    return classes.length;
  }

  @Override
  public int[] classes() {
    return classes.clone();
  }

  @Override
  public float[] boxes() {
    return boxes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectionTarget t && Arrays.equals(classes, t.classes) && Arrays.equals(boxes, t.boxes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(classes) + Arrays.hashCode(boxes);
  }

  @Override
  public String toString() {
    return "DetectionTarget" + Arrays.toString(classes) + Arrays.toString(boxes);
  }
}
