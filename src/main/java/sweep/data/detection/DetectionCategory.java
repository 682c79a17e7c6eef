package sweep.data.detection;

import java.util.Objects;

/**
 * An object class, as COCO's {@code categories} lists it.
 *
 * @param id the id boxes refer to
 * @param name the class name, e.g. {@code CheckBox}
 */
public record DetectionCategory(int id, String name) {
  public DetectionCategory {
    Objects.requireNonNull(name, "name");
  }
}
