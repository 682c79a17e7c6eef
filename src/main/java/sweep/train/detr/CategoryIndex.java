package sweep.train.detr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sweep.data.detection.DetectionCategory;

/**
 * The model's class numbering: a category's class index is its position among the data set's categories sorted by
 * id (ids 2, 5, 7 become classes 0, 1, 2). Hugging Face passes COCO's {@code category_id} through as the class label,
 * which needs contiguous ids from 0; this numbering gives the same targets for such a data set and works for any.
 *
 * @param categories the categories, sorted by id (the constructor sorts a copy)
 */
public record CategoryIndex(List<DetectionCategory> categories) {
  public CategoryIndex {
    List<DetectionCategory> sorted = new ArrayList<>(categories);
    sorted.sort(Comparator.comparingInt(DetectionCategory::id));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).id() == sorted.get(i - 1).id()) {
        throw new IllegalArgumentException("category id " + sorted.get(i).id() + " appears twice");
      }
    }
    categories = List.copyOf(sorted);
  }

  /** The number of classes ({@code num_labels}). */
  public int size() {
    return categories.size();
  }

  /**
   * The class index of a category id.
   *
   * @throws IllegalArgumentException for an id that is not one of the categories
   */
  public int indexOf(int categoryId) {
    int low = 0;
    int high = categories.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int id = categories.get(mid).id();
      if (id == categoryId) {
        return mid;
      } else if (id < categoryId) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    throw new IllegalArgumentException("category id " + categoryId + " is not among the categories "
        + categories.stream().map(DetectionCategory::id).toList());
  }

  /** The category of a class index, in {@code [0, size())}. */
  public DetectionCategory category(int classIndex) {
    return categories.get(classIndex);
  }
}
