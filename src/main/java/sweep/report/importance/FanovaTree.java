package sweep.report.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The functional ANOVA of one regression tree over a box (Hutter, Hoos and Leyton-Brown, "An Efficient Approach
 * for Assessing Hyperparameter Importance", ICML 2014), as Optuna 3.1 computes it in
 * {@code optuna/importance/_fanova/_tree.py}.
 *
 * <p>A fitted tree is a piecewise-constant function over the box of the columns' bounds: each leaf owns a sub-box
 * and predicts its value there. Its variance is the variance of that function under the uniform measure on the box
 * (leaf values weighted by leaf volume). The marginal of a set of columns F at a point m averages the function over
 * all other columns; over the grid that the tree's split thresholds cut F's box into, it is constant on each cell:
 * {@code sum(v_L * vol_rest(L)) / sum(vol_rest(L))} over the leaves L whose box holds the cell, where
 * {@code vol_rest} is a leaf's volume along the columns outside F. The marginal variance of F is that function's
 * variance over F's box, each cell weighted by its size. Optuna walks the tree once per cell midpoint; adding each
 * leaf to the cells it covers instead gives the same numbers in one pass over the leaves (a difference array when F
 * is one column).
 *
 * <p>Volumes are kept as fractions of each column's range, so the numbers do not under- or overflow with many
 * columns or tiny ranges; every quantity here is a ratio, so the scale does not change them.
 */
final class FanovaTree {
  private final int columns;
  /** For each column: the cell edges, the bounds and every split threshold of that column, sorted, distinct. */
  private final double[][] edges;
  private final double[] value;
  private final double[] volume;
  /** Per leaf and column ({@code leaf * columns + c}): the indices into {@code edges[c]} of the leaf's bounds. */
  private final int[] from;
  private final int[] to;
  /** The mean and the variance of the tree's prediction over the box. */
  private final double mean;
  private final double variance;

  /**
   * A tree in arrays, node 0 its root: {@code feature[n] < 0} marks a leaf of value {@code value[n]}; otherwise
   * rows with {@code x[feature[n]] <= threshold[n]} go to {@code left[n]}, the others to {@code right[n]}.
   */
  FanovaTree(int[] feature, double[] threshold, int[] left, int[] right, double[] nodeValue, double[] low,
      double[] high) {
    columns = low.length;
    edges = new double[columns][];
    List<TreeSet<Double>> cuts = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      cuts.add(new TreeSet<>(List.of(low[c], high[c])));
    }
    int leaves = 0;
    for (int n = 0; n < feature.length; n++) {
      if (feature[n] < 0) {
        leaves++;
      } else {
        cuts.get(feature[n]).add(clip(threshold[n], low[feature[n]], high[feature[n]]));
      }
    }
    for (int c = 0; c < columns; c++) {
      edges[c] = cuts.get(c).stream().mapToDouble(Double::doubleValue).toArray();
    }
    value = new double[leaves];
    volume = new double[leaves];
    from = new int[leaves * columns];
    to = new int[leaves * columns];
    int[] lo = new int[columns];
    int[] hi = new int[columns];
    for (int c = 0; c < columns; c++) {
      hi[c] = edges[c].length - 1;
    }
    int[] next = {0};
    collect(0, feature, threshold, left, right, nodeValue, lo, hi, next);

    double sum = 0;
    double total = 0;
    for (int l = 0; l < leaves; l++) {
      sum += volume[l] * value[l];
      total += volume[l];
    }
    mean = total > 0 ? sum / total : 0;
    double var = 0;
    for (int l = 0; l < leaves; l++) {
      var += volume[l] * (value[l] - mean) * (value[l] - mean);
    }
    variance = total > 0 ? Math.max(0, var / total) : 0;
  }

  /** Records the leaves under {@code node}, whose box is the cells {@code [lo, hi)} of each column. */
  private void collect(int node, int[] feature, double[] threshold, int[] left, int[] right, double[] nodeValue,
      int[] lo, int[] hi, int[] next) {
    int f = feature[node];
    if (f < 0) {
      int l = next[0]++;
      double vol = 1;
      for (int c = 0; c < columns; c++) {
        vol *= width(c, lo[c], hi[c]);
        from[l * columns + c] = lo[c];
        to[l * columns + c] = hi[c];
      }
      value[l] = nodeValue[node];
      volume[l] = vol;
      return;
    }
    double[] e = edges[f];
    int cut = Arrays.binarySearch(e, clip(threshold[node], e[0], e[e.length - 1]));
    // A child's box is its parent's cut at the threshold (a child past the parent's own box is empty).
    int savedHi = hi[f];
    hi[f] = Math.max(lo[f], Math.min(savedHi, cut));
    collect(left[node], feature, threshold, left, right, nodeValue, lo, hi, next);
    hi[f] = savedHi;
    int savedLo = lo[f];
    lo[f] = Math.min(hi[f], Math.max(savedLo, cut));
    collect(right[node], feature, threshold, left, right, nodeValue, lo, hi, next);
    lo[f] = savedLo;
  }

  /** The width of cells {@code [a, b)} of column {@code c} as a fraction of the column's range. */
  private double width(int c, int a, int b) {
    double[] e = edges[c];
    return (e[b] - e[a]) / (e[e.length - 1] - e[0]);
  }

  private static double clip(double x, double low, double high) {
    return Math.max(low, Math.min(high, x));
  }

  /**
   * {@link #marginalVariance} from pairs of leaves. The leaves partition the box, so over any point x of the
   * columns' box the rest-volumes of the leaves holding x sum to 1, and the marginal is
   * {@code g(x) = sum over L holding x of (v_L - mean) * rest(L)} plus the mean; its variance is
   * {@code sum over leaf pairs of (v_L - mean) rest(L) (v_M - mean) rest(M) overlap(L, M)} less the square of its
   * mean (0), where {@code overlap} is the volume the two leaves' boxes share along the columns. The same number as
   * the grid gives, in time that grows with the square of the leaves instead of with the grid.
   */
  double pairwiseVariance(int[] cols) {
    int leaves = value.length;
    double[] weight = new double[leaves];
    for (int l = 0; l < leaves; l++) {
      if (volume[l] > 0) {
        double rest = volume[l];
        for (int c : cols) {
          rest /= width(c, from[l * columns + c], to[l * columns + c]);
        }
        weight[l] = (value[l] - mean) * rest;
      }
    }
    double var = 0;
    for (int l = 0; l < leaves; l++) {
      if (weight[l] == 0) {
        continue;
      }
      double row = 0;
      for (int m = l; m < leaves; m++) {
        if (weight[m] == 0) {
          continue;
        }
        double overlap = 1;
        for (int c : cols) {
          int a = Math.max(from[l * columns + c], from[m * columns + c]);
          int b = Math.min(to[l * columns + c], to[m * columns + c]);
          if (a >= b) {
            overlap = 0;
            break;
          }
          overlap *= width(c, a, b);
        }
        row += (m == l ? 1 : 2) * weight[m] * overlap;
      }
      var += weight[l] * row;
    }
    return Math.max(0, var);
  }

  /** The variance of the tree's prediction over the box. */
  double variance() {
    return variance;
  }

  /** The variance of the marginal of the columns {@code cols} (distinct), at least 0. */
  double marginalVariance(int[] cols) {
    long total = 1;
    for (int c : cols) {
      total *= edges[c].length - 1;
      if (total > MAX_GRID) {
        return pairwiseVariance(cols);
      }
    }
    return gridVariance(cols);
  }

  /**
   * The most grid cells {@link #gridVariance} fills; a larger grid (a categorical parameter of more than 16 choices,
   * most of them split on) takes {@link #pairwiseVariance}, whose cost does not grow with the grid.
   */
  static final long MAX_GRID = 1 << 16;

  /** {@link #marginalVariance} over the grid of the columns' cells, as Optuna computes it. */
  double gridVariance(int[] cols) {
    int k = cols.length;
    int[] cells = new int[k];
    int[] stride = new int[k];
    int total = 1;
    for (int i = k - 1; i >= 0; i--) {
      cells[i] = edges[cols[i]].length - 1;
      stride[i] = total;
      total = Math.multiplyExact(total, cells[i]);
    }
    double[] sumVw = new double[total + 1];
    double[] sumW = new double[total + 1];
    int[] a = new int[k];
    int[] b = new int[k];
    int[] at = new int[k];
    for (int l = 0; l < value.length; l++) {
      if (volume[l] == 0) {
        continue;
      }
      double rest = volume[l];
      for (int i = 0; i < k; i++) {
        a[i] = from[l * columns + cols[i]];
        b[i] = to[l * columns + cols[i]];
        rest /= width(cols[i], a[i], b[i]);
      }
      double vw = value[l] * rest;
      if (k == 1) {
        sumVw[a[0]] += vw;
        sumVw[b[0]] -= vw;
        sumW[a[0]] += rest;
        sumW[b[0]] -= rest;
        continue;
      }
      System.arraycopy(a, 0, at, 0, k);
      while (true) {
        int cell = 0;
        for (int i = 0; i < k; i++) {
          cell += at[i] * stride[i];
        }
        sumVw[cell] += vw;
        sumW[cell] += rest;
        int i = k - 1;
        while (i >= 0 && ++at[i] == b[i]) {
          at[i] = a[i];
          i--;
        }
        if (i < 0) {
          break;
        }
      }
    }
    if (k == 1) {
      for (int c = 1; c < total; c++) {
        sumVw[c] += sumVw[c - 1];
        sumW[c] += sumW[c - 1];
      }
    }
    double[] marginal = new double[total];
    double[] weight = new double[total];
    double mean = 0;
    double weights = 0;
    for (int cell = 0; cell < total; cell++) {
      double size = 1;
      int rem = cell;
      for (int i = 0; i < k; i++) {
        int index = rem / stride[i];
        rem -= index * stride[i];
        size *= width(cols[i], index, index + 1);
      }
      if (sumW[cell] > 0 && size > 0) {
        marginal[cell] = sumVw[cell] / sumW[cell];
        weight[cell] = sumW[cell] * size;
        mean += weight[cell] * marginal[cell];
        weights += weight[cell];
      }
    }
    if (!(weights > 0)) {
      return 0;
    }
    mean /= weights;
    double var = 0;
    for (int cell = 0; cell < total; cell++) {
      var += weight[cell] * (marginal[cell] - mean) * (marginal[cell] - mean);
    }
    return Math.max(0, var / weights);
  }
}
