package sweep.data.detection;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import sweep.data.BadRowPolicy;

/**
 * How a COCO source is read.
 *
 * @param policy what a bad image or box does: left out and counted, or an error
 * @param categories fixed category names, given ids 1, 2, ... in this order (a box whose category has another
 *     name is {@link BadAnnotationReason#UNKNOWN_CATEGORY}); empty to take the file's categories as they are
 */
public record DetectionReadOptions(BadRowPolicy policy, List<String> categories) {
  public DetectionReadOptions {
    Objects.requireNonNull(policy, "policy");
    categories = List.copyOf(categories);
    if (new HashSet<>(categories).size() != categories.size()) {
      throw new IllegalArgumentException("a category is named twice: " + categories);
    }
  }

  /** Skip bad items, categories from the file. */
  public static DetectionReadOptions defaults() {
    return new DetectionReadOptions(BadRowPolicy.SKIP, List.of());
  }
}
