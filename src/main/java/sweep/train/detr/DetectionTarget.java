package sweep.train.detr;

import java.util.Arrays;

/**
 * One image's ground truth as the model and its loss see it, as Hugging Face's image processor leaves it in
 * {@code labels}: a class index per object and its box as (cx, cy, w, h) relative to the padded batch image, that is
 * divided by the padded width and height ({@code pixel_values}' last two dimensions): the processor divides by the
 * image's size after resizing, then, when it pads the batch, multiplies by resized / padded size per axis
 * ({@code _update_annotation_for_padded_image}, on by default through {@code do_convert_annotations}). The boxes are
 * thus in the frame of the padded input the model sees, and lie in [0, resized / padded] rather than [0, 1] for an
 * image smaller than the batch's largest; for an image that is not padded the two frames are the same.
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
