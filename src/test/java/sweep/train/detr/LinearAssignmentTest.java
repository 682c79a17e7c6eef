package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.util.Json;

/**
 * {@link LinearAssignment} against scipy's {@code linear_sum_assignment} on the matrices of
 * {@code scripts/reference/deformable_detr_reference.py assignment} (square, wide, tall, ties, integer, constant,
 * single row and column, larger ones), against brute force over every assignment on random small matrices, and on bad
 * input. Optimal assignments may tie, so totals are compared, and the pairs checked to be a valid assignment.
 */
class LinearAssignmentTest {
  static Stream<Map.Entry<String, JsonNode>> golden() throws Exception {
    JsonNode g = Json.tree(Files.readString(Path.of(
        LinearAssignmentTest.class.getResource("/detr/golden/assignment.json").toURI())));
    List<Map.Entry<String, JsonNode>> cases = new ArrayList<>();
    g.get("cases").fields().forEachRemaining(cases::add);
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void totalEqualsScipys(Map.Entry<String, JsonNode> c) {
    double[][] cost = matrix(c.getValue().get("cost"));
    Assignment a = LinearAssignment.solve(cost);
    assertValid(a, cost.length, cost[0].length);
    assertThat(a.total(cost)).as(c.getKey()).isCloseTo(c.getValue().get("total").asDouble(),
        offset(1e-9));
  }

  @Test
  void noWorseThanBruteForceOnRandomSmallMatrices() {
    Random random = new Random(20261208);
    for (int trial = 0; trial < 600; trial++) {
      int n = 1 + random.nextInt(6);
      int m = 1 + random.nextInt(6);
      boolean integer = trial % 2 == 0;
      double[][] cost = new double[n][m];
      for (double[] row : cost) {
        for (int j = 0; j < m; j++) {
          row[j] = integer ? random.nextInt(4) - 1 : random.nextGaussian() * 3;
        }
      }
      Assignment a = LinearAssignment.solve(cost);
      assertValid(a, n, m);
      assertThat(a.total(cost)).as("trial %d, %dx%d", trial, n, m).isLessThanOrEqualTo(bruteForce(cost) + 1e-9);
    }
  }

  @Test
  void emptyMatricesHaveNoPairs() {
    assertThat(LinearAssignment.solve(new double[0][]).size()).isZero();
    assertThat(LinearAssignment.solve(new double[4][0]).size()).isZero();
  }

  @Test
  void rejectsNonFiniteAndRaggedCosts() {
    assertThatThrownBy(() -> LinearAssignment.solve(new double[][] {{1, Double.NaN}, {0, 2}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost[0][1] is NaN");
    assertThatThrownBy(() -> LinearAssignment.solve(new double[][] {{1, 2}, {Double.NEGATIVE_INFINITY, 2}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> LinearAssignment.solve(new double[][] {{Double.POSITIVE_INFINITY}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> LinearAssignment.solve(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 has 1 columns");
  }

  /** min(n, m) pairs, rows ascending, every row and column in range and used once. */
  private static void assertValid(Assignment a, int n, int m) {
    assertThat(a.rows()).hasSize(Math.min(n, m)).isSorted().doesNotHaveDuplicates().allMatch(r -> r >= 0 && r < n);
    assertThat(a.columns()).hasSize(a.size()).doesNotHaveDuplicates().allMatch(j -> j >= 0 && j < m);
  }

  /** The least total over every way to give each row (n <= m) or each column (n > m) its own partner. */
  private static double bruteForce(double[][] cost) {
    int n = cost.length;
    int m = cost[0].length;
    double best = Double.POSITIVE_INFINITY;
    for (Iterator<int[]> it = injections(Math.min(n, m), Math.max(n, m)); it.hasNext(); ) {
      int[] p = it.next();
      double sum = 0;
      for (int k = 0; k < p.length; k++) {
        sum += n <= m ? cost[k][p[k]] : cost[p[k]][k];
      }
      best = Math.min(best, sum);
    }
    return best;
  }

  /** Every sequence of k distinct numbers below n. */
  private static Iterator<int[]> injections(int k, int n) {
    List<int[]> out = new ArrayList<>();
    extend(new int[k], 0, new boolean[n], out);
    return out.iterator();
  }

  private static void extend(int[] prefix, int at, boolean[] used, List<int[]> out) {
    if (at == prefix.length) {
      out.add(prefix.clone());
      return;
    }
    for (int v = 0; v < used.length; v++) {
      if (!used[v]) {
        used[v] = true;
        prefix[at] = v;
        extend(prefix, at + 1, used, out);
        used[v] = false;
      }
    }
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = rows.get(i);
      out[i] = new double[row.size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = row.get(j).asDouble();
      }
    }
    return out;
  }
}
