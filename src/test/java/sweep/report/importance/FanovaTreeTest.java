package sweep.report.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The variance decomposition of one tree, by hand and between its two ways of computing a marginal. */
class FanovaTreeTest {

  /**
   * {@code x0 <= 0.5 ? (x1 <= 0.5 ? 0 : 2) : 1} on [0, 1]^2: mean 1, variance 0.5; averaged over x1 it is 1
   * everywhere, over x0 it is 0.5 or 1.5.
   */
  @Test
  void anInteractionByHand() {
    FanovaTree tree = new FanovaTree(new int[] {0, 1, -1, -1, -1}, new double[] {0.5, 0.5, 0, 0, 0},
        new int[] {1, 3, -1, -1, -1}, new int[] {2, 4, -1, -1, -1}, new double[] {0, 0, 1, 0, 2},
        new double[] {0, 0}, new double[] {1, 1});
    assertThat(tree.variance()).isCloseTo(0.5, within(1e-12));
    assertThat(tree.marginalVariance(new int[] {0})).isCloseTo(0, within(1e-12));
    assertThat(tree.marginalVariance(new int[] {1})).isCloseTo(0.25, within(1e-12));
    assertThat(tree.marginalVariance(new int[] {0, 1})).isCloseTo(0.5, within(1e-12));
    assertThat(tree.pairwiseVariance(new int[] {1})).isCloseTo(0.25, within(1e-12));
    assertThat(tree.pairwiseVariance(new int[] {0, 1})).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void theGridAndThePairsAgreeOnRandomTrees() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] low = {1e-6, 0, 0, 0, -3};
    double[] high = {1e-3, 1, 1, 1, 7};
    for (int round = 0; round < 20; round++) {
      FanovaTree tree = random(rng, low, high, 8);
      for (int[] cols : List.of(new int[] {0}, new int[] {4}, new int[] {1, 2, 3}, new int[] {0, 4})) {
        assertThat(tree.pairwiseVariance(cols)).isCloseTo(tree.gridVariance(cols), within(1e-9 * tree.variance()));
      }
      assertThat(tree.gridVariance(new int[] {0, 1, 2, 3, 4})).isCloseTo(tree.variance(), within(1e-9));
    }
  }

  /** A tree of random splits (binary columns 1-3 split at 0.5, as one-hot columns are) down to {@code depth}. */
  private static FanovaTree random(SplittableRandom rng, double[] low, double[] high, int depth) {
    List<int[]> links = new ArrayList<>();
    List<Integer> feature = new ArrayList<>();
    List<Double> threshold = new ArrayList<>();
    List<Double> value = new ArrayList<>();
    grow(rng, low, high, depth, links, feature, threshold, value);
    int n = feature.size();
    int[] left = new int[n];
    int[] right = new int[n];
    for (int i = 0; i < n; i++) {
      left[i] = links.get(i)[0];
      right[i] = links.get(i)[1];
    }
    return new FanovaTree(feature.stream().mapToInt(Integer::intValue).toArray(),
        threshold.stream().mapToDouble(Double::doubleValue).toArray(), left, right,
        value.stream().mapToDouble(Double::doubleValue).toArray(), low, high);
  }

  private static int grow(SplittableRandom rng, double[] low, double[] high, int depth, List<int[]> links,
      List<Integer> feature, List<Double> threshold, List<Double> value) {
    int node = feature.size();
    links.add(new int[] {-1, -1});
    if (depth == 0 || rng.nextInt(4) == 0) {
      feature.add(-1);
      threshold.add(0.0);
      value.add(rng.nextGaussian());
      return node;
    }
    int f = rng.nextInt(low.length);
    feature.add(f);
    threshold.add(f >= 1 && f <= 3 ? 0.5 : low[f] + rng.nextDouble() * (high[f] - low[f]));
    value.add(0.0);
    links.get(node)[0] = grow(rng, low, high, depth - 1, links, feature, threshold, value);
    links.get(node)[1] = grow(rng, low, high, depth - 1, links, feature, threshold, value);
    return node;
  }
}
