package sweep.metrics.coco;

/**
 * One entry of a COCO results list. pycocotools' {@code loadRes} numbers results from 1 in list order and takes a
 * detection's area as {@code w * h}; so does this record.
 *
 * @param id 1-based position in the results list
 */
public record Detection(long id, long imageId, long categoryId, GroundTruth.Box box, double score) {
  double area() {
    return box.area();
  }
}
