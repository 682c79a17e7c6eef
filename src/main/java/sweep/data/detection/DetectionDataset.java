package sweep.data.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable detection data set in COCO's terms: categories, images, and boxes on those images. A data set a
 * loader hands out has passed validation: ids are unique, every box is on one of its images, in one of its
 * categories, inside the image and of positive size.
 *
 * @param categories in id order
 * @param images in the order the source lists them
 * @param boxes in the order the source lists them
 */
public record DetectionDataset(List<DetectionCategory> categories, List<DetectionImage> images,
    List<DetectionBox> boxes) {
  public DetectionDataset {
    categories = List.copyOf(categories);
    images = List.copyOf(images);
    boxes = List.copyOf(boxes);
  }

  /** The same categories with only the given images and their boxes (order kept). */
  public DetectionDataset withImages(Collection<DetectionImage> keep) {
    Set<Long> ids = new HashSet<>();
    keep.forEach(i -> ids.add(i.id()));
    List<DetectionImage> imgs = new ArrayList<>();
    for (DetectionImage i : images) {
      if (ids.contains(i.id())) {
        imgs.add(i);
      }
    }
    List<DetectionBox> bxs = new ArrayList<>();
    for (DetectionBox b : boxes) {
      if (ids.contains(b.imageId())) {
        bxs.add(b);
      }
    }
    return new DetectionDataset(categories, imgs, bxs);
  }
}
