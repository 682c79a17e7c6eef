package sweep.train.detr;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Pairs of a rectangular assignment, as {@code scipy.optimize.linear_sum_assignment} returns them: row
 * {@code rows.get(k)} is assigned column {@code columns.get(k)}; the rows ascend, and no row or column appears twice.
 *
 * @param rows the assigned rows, ascending
 * @param columns the column of each row in {@code rows}
 * @throws IllegalArgumentException if the two differ in length
 */
public record Assignment(List<Integer> rows, List<Integer> columns) {
  public Assignment {
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
    if (rows.size() != columns.size()) {
      throw new IllegalArgumentException(rows.size() + " rows but " + columns.size() + " columns");
    }
  }

  /** The pairs {@code (rows[k], columns[k])}. */
  public static Assignment of(int[] rows, int[] columns) {
    return new Assignment(IntStream.of(rows).boxed().toList(), IntStream.of(columns).boxed().toList());
  }

  /** No pairs. */
  public static Assignment empty() {
    return new Assignment(List.of(), List.of());
  }

  /** The number of pairs. */
  public int size() {
    return rows.size();
  }

  /** The row of pair {@code k}. */
  public int row(int k) {
    return rows.get(k);
  }

  /** The column of pair {@code k}. */
  public int column(int k) {
    return columns.get(k);
  }

  /** The sum of {@code cost[row(k)][column(k)]} over the pairs. */
  public double total(double[][] cost) {
    double sum = 0;
    for (int k = 0; k < size(); k++) {
      sum += cost[row(k)][column(k)];
    }
    return sum;
  }
}
