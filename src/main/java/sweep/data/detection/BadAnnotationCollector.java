package sweep.data.detection;

import java.util.Objects;
import sweep.data.BadRowPolicy;
import sweep.data.ReasonCounts;

/** Applies a {@link BadRowPolicy} to bad images and boxes: throws under FAIL, counts under SKIP. One per read. */
final class BadAnnotationCollector {
  private final BadRowPolicy policy;
  private final ReasonCounts.Tally<BadAnnotationReason, BadAnnotation> tally =
      new ReasonCounts.Tally<>(BadAnnotationReason.class);

  BadAnnotationCollector(BadRowPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** @throws BadAnnotationException under {@link BadRowPolicy#FAIL} */
  void reject(BadAnnotation bad) {
    if (policy == BadRowPolicy.FAIL) {
      throw new BadAnnotationException(bad);
    }
    tally.add(bad.reason(), bad);
  }

  BadAnnotations badAnnotations() {
    return new BadAnnotations(tally.counts(), tally.examples());
  }
}
