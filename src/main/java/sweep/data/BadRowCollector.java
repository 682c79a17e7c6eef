package sweep.data;

import java.util.Objects;

/**
 * Applies a {@link BadRowPolicy} to the bad rows a source finds, one at a time: under {@link BadRowPolicy#FAIL}
 * {@link #reject} throws, under {@link BadRowPolicy#SKIP} it counts the row. Not thread-safe; one per read.
 */
public final class BadRowCollector {
  private final BadRowPolicy policy;
  private final ReasonCounts.Tally<BadRowReason, BadRow> tally = new ReasonCounts.Tally<>(BadRowReason.class);

  public BadRowCollector(BadRowPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Records a bad row.
   *
   * @throws DataException under {@link BadRowPolicy#FAIL}
   */
  public void reject(BadRow row) {
    if (policy == BadRowPolicy.FAIL) {
      throw new DataException(row);
    }
    tally.add(row.reason(), row);
  }

  /** Records a bad row found at {@code location}; see {@link #reject(BadRow)}. */
  public void reject(String location, Violation violation) {
    reject(new BadRow(location, violation));
  }

  /** The rows rejected so far. */
  public BadRows badRows() {
    return new BadRows(tally.counts(), tally.examples());
  }
}
