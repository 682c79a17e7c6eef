package sweep.train.detr;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Exact minimum-cost assignment on a rectangular cost matrix, what {@code scipy.optimize.linear_sum_assignment}
 * computes (with {@code maximize=False}): for an {@code n x m} matrix, {@code min(n, m)} pairs (row, column), each row
 * and each column used at most once, whose summed cost is the least possible. Where several assignments share that
 * least cost, any one of them may come back (scipy's choice is not promised).
 *
 * <p>The method is the shortest augmenting path one (Jonker and Volgenant; Crouse, "On implementing 2D rectangular
 * assignment algorithms", 2016), in O(min(n, m)^2 max(n, m)): rows are added one at a time, each by the cheapest path
 * in reduced costs (Dijkstra over the columns) that ends at a free column, and the dual prices are updated so that the
 * reduced costs stay non-negative. A tall matrix is solved transposed.
 */
public final class LinearAssignment {
  private LinearAssignment() {}

  /**
   * The least-cost assignment of {@code cost}.
   *
   * @param cost {@code n} rows of {@code m} finite numbers each ({@code n} or {@code m} may be 0)
   * @return {@code min(n, m)} pairs, rows ascending
   * @throws IllegalArgumentException if the rows differ in length or a cost is NaN or infinite
   */
  public static Assignment solve(double[][] cost) {
    int n = cost.length;
    int m = n == 0 ? 0 : cost[0].length;
    for (int i = 0; i < n; i++) {
      if (cost[i].length != m) {
        throw new IllegalArgumentException("cost row " + i + " has " + cost[i].length + " columns, row 0 has " + m);
      }
      for (int j = 0; j < m; j++) {
        if (!Double.isFinite(cost[i][j])) {
          throw new IllegalArgumentException("cost[" + i + "][" + j + "] is " + cost[i][j] + "; costs must be finite");
        }
      }
    }
    if (n == 0 || m == 0) {
      return Assignment.empty();
    }
    if (n <= m) {
      int[] columns = new Solver(cost).run();
      return Assignment.of(IntStream.range(0, n).toArray(), columns);
    }
    double[][] transposed = new double[m][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        transposed[j][i] = cost[i][j];
      }
    }
    int[] rowOfColumn = new Solver(transposed).run();
    Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(j -> rowOfColumn[j]));
    int[] rows = new int[m];
    int[] columns = new int[m];
    for (int k = 0; k < m; k++) {
      rows[k] = rowOfColumn[order[k]];
      columns[k] = order[k];
    }
    return Assignment.of(rows, columns);
  }

  /** One wide or square problem ({@code rows <= columns}): the state of the augmenting-path method. */
  private static final class Solver {
    private final double[][] cost;
    private final int rows;
    private final int columns;
    /** Dual prices of the rows and the columns. */
    private final double[] rowPrice;
    private final double[] columnPrice;
    private final int[] columnOfRow;
    private final int[] rowOfColumn;
    /** Per search: the cheapest known path cost to each column and the row it is reached from. */
    private final double[] pathCost;
    private final int[] previousRow;
    private final boolean[] rowVisited;
    private final boolean[] columnVisited;
    private final int[] unvisited;

    Solver(double[][] cost) {
      this.cost = cost;
      rows = cost.length;
      columns = cost[0].length;
      rowPrice = new double[rows];
      columnPrice = new double[columns];
      columnOfRow = new int[rows];
      rowOfColumn = new int[columns];
      Arrays.fill(columnOfRow, -1);
      Arrays.fill(rowOfColumn, -1);
      pathCost = new double[columns];
      previousRow = new int[columns];
      rowVisited = new boolean[rows];
      columnVisited = new boolean[columns];
      unvisited = new int[columns];
    }

    /** Assigns every row; returns the column of each. */
    int[] run() {
      for (int row = 0; row < rows; row++) {
        int sink = shortestPath(row);
        updatePrices(row, pathCost[sink]);
        augment(row, sink);
      }
      return columnOfRow.clone();
    }

    /**
     * Dijkstra in reduced costs from {@code start} until a free column is reached; returns that column, the path's
     * length is its {@link #pathCost}.
     */
    private int shortestPath(int start) {
      Arrays.fill(pathCost, Double.POSITIVE_INFINITY);
      Arrays.fill(rowVisited, false);
      Arrays.fill(columnVisited, false);
      int left = columns;
      for (int k = 0; k < columns; k++) {
        // in reverse, so that a constant matrix comes out as the identity, as scipy's does
        unvisited[k] = columns - 1 - k;
      }
      double reached = 0;
      int row = start;
      while (true) {
        rowVisited[row] = true;
        int best = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < left; k++) {
          int j = unvisited[k];
          double reduced = reached + cost[row][j] - rowPrice[row] - columnPrice[j];
          if (reduced < pathCost[j]) {
            previousRow[j] = row;
            pathCost[j] = reduced;
          }
          // among equally cheap columns prefer a free one: the search ends sooner (matters for integer costs)
          if (pathCost[j] < lowest || (pathCost[j] == lowest && rowOfColumn[j] == -1)) {
            lowest = pathCost[j];
            best = k;
          }
        }
        reached = lowest;
        int column = unvisited[best];
        columnVisited[column] = true;
        unvisited[best] = unvisited[--left];
        if (rowOfColumn[column] == -1) {
          return column;
        }
        row = rowOfColumn[column];
      }
    }

    /** Keeps every reduced cost non-negative and those of the assigned pairs and the new path zero. */
    private void updatePrices(int start, double length) {
      rowPrice[start] += length;
      for (int i = 0; i < rows; i++) {
        if (rowVisited[i] && i != start) {
          rowPrice[i] += length - pathCost[columnOfRow[i]];
        }
      }
      for (int j = 0; j < columns; j++) {
        if (columnVisited[j]) {
          columnPrice[j] -= length - pathCost[j];
        }
      }
    }

    /** Flips the pairs along the path that ends at {@code sink}, so that {@code start} is assigned too. */
    private void augment(int start, int sink) {
      int column = sink;
      while (true) {
        int row = previousRow[column];
        rowOfColumn[column] = row;
        int freed = columnOfRow[row];
        columnOfRow[row] = column;
        if (row == start) {
          return;
        }
        column = freed;
      }
    }
  }
}
