package sweep.train.detr;

import java.util.Arrays;
import java.util.List;
import sweep.data.detection.DetectionBox;

/**
 * Hugging Face's annotation handling for COCO detection, in float32 as NumPy does it:
 * {@code prepare_coco_detection_annotation} (crowd boxes dropped, {@code [x, y, w, h]} made corners, clipped to the
 * image, boxes without positive width and height dropped), {@code resize_annotation} (corners scaled by the float32
 * ratios of the resized to the original size), {@code normalize_annotation} (to (cx, cy, w, h) divided by the resized
 * width and height) and {@code _update_annotation_for_padded_image} (scaled by resized / padded size in double, stored
 * in float32).
 */
final class TargetBoxes {
  private TargetBoxes() {}

  /** The target of one image: its boxes' classes and (cx, cy, w, h) relative to the resized image. */
  static DetectionTarget prepare(List<DetectionBox> boxes, PixelSize original, PixelSize resized,
      CategoryIndex categories) {
    float ratioWidth = (float) ((double) resized.width() / original.width());
    float ratioHeight = (float) ((double) resized.height() / original.height());
    int[] classes = new int[boxes.size()];
    float[] out = new float[boxes.size() * 4];
    int n = 0;
    for (DetectionBox b : boxes) {
      if (b.iscrowd()) {
        continue;
      }
      int index = categories.indexOf(b.categoryId());
      float x0 = clip((float) b.x(), original.width());
      float y0 = clip((float) b.y(), original.height());
      float x1 = clip((float) b.x() + (float) b.w(), original.width());
      float y1 = clip((float) b.y() + (float) b.h(), original.height());
      if (!(y1 > y0 && x1 > x0)) {
        continue;
      }
      x0 *= ratioWidth;
      y0 *= ratioHeight;
      x1 *= ratioWidth;
      y1 *= ratioHeight;
      classes[n] = index;
      out[4 * n] = (x0 + x1) / 2 / (float) resized.width();
      out[4 * n + 1] = (y0 + y1) / 2 / (float) resized.height();
      out[4 * n + 2] = (x1 - x0) / (float) resized.width();
      out[4 * n + 3] = (y1 - y0) / (float) resized.height();
      n++;
    }
    return new DetectionTarget(Arrays.copyOf(classes, n), Arrays.copyOf(out, 4 * n));
  }

  /** {@code target}'s boxes, relative to an image of size {@code resized}, made relative to the padded size. */
  static DetectionTarget padded(DetectionTarget target, PixelSize resized, PixelSize padded) {
    if (resized.equals(padded)) {
      return target;
    }
    double ratioWidth = (double) resized.width() / padded.width();
    double ratioHeight = (double) resized.height() / padded.height();
    float[] boxes = target.boxes();
    for (int i = 0; i < boxes.length; i++) {
      boxes[i] = (float) (boxes[i] * (i % 2 == 0 ? ratioWidth : ratioHeight));
    }
    return new DetectionTarget(target.classes(), boxes);
  }

  private static float clip(float v, int max) {
    return Math.min(Math.max(v, 0f), (float) max);
  }
}
