package sweep.data.detection;

import java.util.ArrayList;
import java.util.List;
import sweep.data.Splits;
import sweep.util.BadInputException;

/** Seeded train/validation splits by image. */
public final class DetectionSplits {
  private DetectionSplits() {}

  /**
   * Splits by image: an image goes to validation when {@link Splits#unitHash}{@code (seed, file_name)} is below
   * {@code valFraction}, its boxes with it. So the split is the same on every machine and in every input order, and
   * adding an image moves no other.
   *
   * @param source names the data in the error, e.g. {@code file:/data/forms}
   * @throws IllegalArgumentException if {@code valFraction} is not strictly between 0 and 1
   * @throws BadInputException if either side would be empty
   */
  public static DetectionSplit byImage(DetectionDataset all, double valFraction, long seed, String source) {
    if (!(valFraction > 0.0 && valFraction < 1.0)) {
      throw new IllegalArgumentException("valFraction must be strictly between 0 and 1, got " + valFraction);
    }
    List<DetectionImage> train = new ArrayList<>();
    List<DetectionImage> val = new ArrayList<>();
    for (DetectionImage image : all.images()) {
      (Splits.unitHash(seed, image.fileName()) < valFraction ? val : train).add(image);
    }
    if (train.isEmpty() || val.isEmpty()) {
      throw new BadInputException(source + ": cannot split " + all.images().size() + " image(s) with validation"
          + " fraction " + valFraction + " and seed " + seed + ": " + train.size() + " would go to training and "
          + val.size() + " to validation; use more images or another fraction");
    }
    return new DetectionSplit(all.withImages(train), all.withImages(val));
  }
}
