package sweep.data.detection;

/**
 * One annotated object: COCO's {@code bbox} {@code [x, y, w, h]} in pixels, {@code (x, y)} the top left corner.
 *
 * @param id COCO's annotation id, unique in its data set
 * @param imageId the image it is on
 * @param categoryId its category
 * @param x left edge
 * @param y top edge
 * @param w width, positive in a loaded data set
 * @param h height, positive in a loaded data set
 * @param area COCO's {@code area} (what evaluation buckets by); {@code w * h} when the file gives none
 * @param iscrowd COCO's {@code iscrowd}
 */
public record DetectionBox(long id, long imageId, int categoryId, double x, double y, double w, double h,
    double area, boolean iscrowd) {}
