package sweep.data.detection;

import java.util.Objects;

/**
 * What a read kept and left out.
 *
 * @param dataset the images and boxes kept
 * @param bad the images and boxes left out, by reason
 * @param imageEntries image entries the source lists, bad ones included
 * @param boxesWithBadImages boxes left out, uncounted in {@code bad}, because their image was bad
 */
public record LoadedDetection(DetectionDataset dataset, BadAnnotations bad, int imageEntries,
    int boxesWithBadImages) {
  public LoadedDetection {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(bad, "bad");
  }
}
