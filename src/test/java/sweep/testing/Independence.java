package sweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Checks that columns of draws are pairwise independent: for every pair, |Spearman's rho| below a bound and a
 * chi-square test of independence on their rank deciles (a 10 x 10 table; tied ranks share a decile, empty rows
 * and columns are left out) with a p-value above a bound.
 */
public final class Independence {
  private Independence() {}

  /** Asserts every pair of {@code columns} (named by {@code names}, all of one length) independent. */
  public static void assertPairwise(String what, List<String> names, double[][] columns, double maxRho,
      double minP) {
    SpearmansCorrelation spearman = new SpearmansCorrelation();
    int[][] deciles = new int[columns.length][];
    for (int i = 0; i < columns.length; i++) {
      deciles[i] = deciles(columns[i]);
    }
    for (int i = 0; i < columns.length; i++) {
      for (int j = i + 1; j < columns.length; j++) {
        String pair = what + ": " + names.get(i) + " and " + names.get(j);
        double rho = spearman.correlation(columns[i], columns[j]);
        assertThat(Math.abs(rho)).as(pair + ", |Spearman rho|").isLessThan(maxRho);
        assertThat(chiSquareP(deciles[i], deciles[j])).as(pair + ", chi-square p on rank deciles")
            .isGreaterThan(minP);
      }
    }
  }

  static int[] deciles(double[] values) {
    double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(values);
    int[] out = new int[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = Math.min(9, (int) ((ranks[k] - 1) * 10 / values.length));
    }
    return out;
  }

  static double chiSquareP(int[] a, int[] b) {
    long[][] table = new long[10][10];
    for (int k = 0; k < a.length; k++) {
      table[a[k]][b[k]]++;
    }
    List<Integer> rows = new ArrayList<>();
    List<Integer> cols = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      long rowSum = 0;
      long colSum = 0;
      for (int c = 0; c < 10; c++) {
        rowSum += table[r][c];
        colSum += table[c][r];
      }
      if (rowSum > 0) {
        rows.add(r);
      }
      if (colSum > 0) {
        cols.add(r);
      }
    }
    long[][] kept = new long[rows.size()][cols.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < cols.size(); c++) {
        kept[r][c] = table[rows.get(r)][cols.get(c)];
      }
    }
    return new ChiSquareTest().chiSquareTest(kept);
  }
}
