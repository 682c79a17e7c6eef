package sweep.data.detection;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sweep.data.BadRowPolicy;

/** Applies a {@link BadRowPolicy} to bad images and boxes: throws under FAIL, counts under SKIP. One per read. */
final class BadAnnotationCollector {
  private final BadRowPolicy policy;
  private final Map<BadAnnotationReason, Integer> counts = new EnumMap<>(BadAnnotationReason.class);
  private final Map<BadAnnotationReason, List<BadAnnotation>> examples = new EnumMap<>(BadAnnotationReason.class);

  BadAnnotationCollector(BadRowPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** @throws BadAnnotationException under {@link BadRowPolicy#FAIL} */
  void reject(BadAnnotation bad) {
    if (policy == BadRowPolicy.FAIL) {
      throw new BadAnnotationException(bad);
    }
    counts.merge(bad.reason(), 1, Integer::sum);
    List<BadAnnotation> list = examples.computeIfAbsent(bad.reason(), r -> new ArrayList<>());
    if (list.size() < BadAnnotations.MAX_EXAMPLES) {
      list.add(bad);
    }
  }

  BadAnnotations badAnnotations() {
    return new BadAnnotations(counts, examples);
  }
}
