package sweep.metrics.coco;

import java.util.List;
import java.util.Map;

/**
 * A COCO annotation file as the evaluation needs it: every image and category it lists (whether or not anything is
 * annotated on it) and the box annotations.
 *
 * @param images image ids in file order
 * @param categories categories in file order
 * @param annotations annotations in file order
 */
public record GroundTruth(List<Long> images, List<Category> categories, List<Annotation> annotations) {
  public GroundTruth {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    annotations = List.copyOf(annotations);
  }

  /** A category: its id and name. */
  public record Category(long id, String name) {}

  /**
   * One ground-truth box.
   *
   * @param id the annotation's id (pycocotools records it as the match of a detection; id 0 reads as "no match")
   * @param box {@code [x, y, w, h]}
   * @param area the file's {@code area} field (for polygons, the polygon's area): what the area ranges are judged on
   * @param crowd {@code iscrowd}: a crowd region ignores the detections it matches, and matches any number of them
   */
  public record Annotation(long id, long imageId, long categoryId, Box box, double area, boolean crowd) {}

  /** A box {@code [x, y, w, h]} in pixels. */
  public record Box(double x, double y, double w, double h) {
    double area() {
      return w * h;
    }
  }

  /** The category names by id. */
  public Map<Long, String> names() {
    Map<Long, String> names = new java.util.LinkedHashMap<>();
    for (Category c : categories) {
      names.put(c.id(), c.name());
    }
    return names;
  }
}
