package sweep.data.detection;

import java.util.Objects;

/**
 * A detection data set split by image: no image on both sides. Both sides have the same categories.
 *
 * @param train the training images and their boxes
 * @param val the validation images and their boxes
 */
public record DetectionSplit(DetectionDataset train, DetectionDataset val) {
  public DetectionSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(val, "val");
  }
}
