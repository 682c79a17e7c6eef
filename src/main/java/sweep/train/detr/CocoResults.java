package sweep.train.detr;

import java.util.ArrayList;
import java.util.List;
import sweep.metrics.coco.Detection;

/** Post-processed detections as the COCO evaluator's results list ({@link sweep.metrics.coco.CocoEval#run}). */
public final class CocoResults {
  private CocoResults() {}

  /**
   * One {@link Detection} per detected object, image by image in the given order and each image's best first,
   * numbered from {@code firstId} on (pycocotools numbers a results list from 1), the class index turned back into
   * its category id and the box into {@code [x, y, w, h]} ({@link DetectedObject#cocoBox}).
   *
   * @param perImage each image's detections ({@link PostProcessor#process})
   * @param imageIds the images' COCO ids, in the same order
   * @param categories the class numbering the model was trained with
   * @param firstId the first detection's id, 1 for a whole results list
   */
  public static List<Detection> of(List<List<DetectedObject>> perImage, List<Long> imageIds,
      CategoryIndex categories, long firstId) {
    if (perImage.size() != imageIds.size()) {
      throw new IllegalArgumentException(perImage.size() + " images of detections but " + imageIds.size()
          + " image ids");
    }
    List<Detection> out = new ArrayList<>();
    long id = firstId;
    for (int i = 0; i < perImage.size(); i++) {
      for (DetectedObject d : perImage.get(i)) {
        out.add(new Detection(id++, imageIds.get(i), categories.category(d.classIndex()).id(), d.cocoBox(),
            d.score()));
      }
    }
    return out;
  }
}
