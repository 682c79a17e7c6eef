package sweep.train.detr;

import sweep.metrics.coco.GroundTruth;

/**
 * One detection as Hugging Face's {@code post_process_object_detection} returns it: a score, a class and a box by its
 * corners in the target image's pixels (not clipped to the image).
 *
 * @param score the class's sigmoid probability
 * @param classIndex the class ({@link CategoryIndex})
 * @param x0 left
 * @param y0 top
 * @param x1 right
 * @param y1 bottom
 */
public record DetectedObject(float score, int classIndex, float x0, float y0, float x1, float y1) {
  /** The box as COCO's {@code [x, y, w, h]}, width and height taken in double from the float corners. */
  public GroundTruth.Box cocoBox() {
    return new GroundTruth.Box(x0, y0, (double) x1 - x0, (double) y1 - y0);
  }
}
