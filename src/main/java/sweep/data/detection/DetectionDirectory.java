package sweep.data.detection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sweep.util.BadInputException;

/** The {@code file:DIR} layout: one COCO annotations file in DIR, images beside it or under {@code DIR/images/}. */
public final class DetectionDirectory {
  /** The annotations file names looked for, in this order: sweep's, then Roboflow's (RF-DETR's). */
  public static final List<String> ANNOTATION_NAMES = List.of("annotations.json", DetectionExport.RF_DETR_ANNOTATIONS);

  private DetectionDirectory() {}

  /**
   * The annotations file in {@code dir}.
   *
   * @throws BadInputException when there is none, or both (which one is meant is unclear)
   */
  public static Path annotations(Path dir) {
    List<Path> found = ANNOTATION_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    if (found.isEmpty()) {
      throw new BadInputException("file:" + dir + ": no COCO annotations file (looked for "
          + String.join(" and ", ANNOTATION_NAMES) + ")");
    }
    if (found.size() > 1) {
      throw new BadInputException("file:" + dir + ": both " + String.join(" and ", ANNOTATION_NAMES)
          + "; keep one");
    }
    return found.get(0);
  }

  /** Reads the directory's annotations and images. */
  public static LoadedDetection read(Path dir, DetectionReadOptions options) {
    return CocoReader.read(annotations(dir), dir, options);
  }
}
