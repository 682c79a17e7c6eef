package sweep.data.detection;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a detection data set.
 *
 * @param id COCO's image id, unique in its data set
 * @param fileName COCO's {@code file_name}, as the annotations file gives it
 * @param path the image file on this machine (absolute)
 * @param width width in pixels, as the file has it
 * @param height height in pixels, as the file has it
 */
public record DetectionImage(long id, String fileName, Path path, int width, int height) {
  public DetectionImage {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(path, "path");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
  }
}
