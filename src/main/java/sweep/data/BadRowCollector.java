package sweep.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a {@link BadRowPolicy} to the bad rows a source finds, one at a time: under {@link BadRowPolicy#FAIL}
 * {@link #reject} throws, under {@link BadRowPolicy#SKIP} it counts the row. Not thread-safe; one per read.
 */
public final class BadRowCollector {
  private final BadRowPolicy policy;
  private final Map<BadRowReason, Integer> counts = new EnumMap<>(BadRowReason.class);
  private final Map<BadRowReason, List<BadRow>> examples = new EnumMap<>(BadRowReason.class);

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
    counts.merge(row.reason(), 1, Integer::sum);
    List<BadRow> list = examples.computeIfAbsent(row.reason(), r -> new ArrayList<>());
    if (list.size() < BadRows.MAX_EXAMPLES) {
      list.add(row);
    }
  }

  /** Records a bad row found at {@code location}; see {@link #reject(BadRow)}. */
  public void reject(String location, Violation violation) {
    reject(new BadRow(location, violation));
  }

  /** The rows rejected so far. */
  public BadRows badRows() {
    return new BadRows(counts, examples);
  }
}
