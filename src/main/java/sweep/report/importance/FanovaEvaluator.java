package sweep.report.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import sweep.search.SearchSpace;

/**
 * fANOVA importance as Optuna 3.1's default {@code FanovaImportanceEvaluator} computes it: a random forest of
 * regression trees fitted to the trials' values, each tree's variance split into the share each parameter's
 * marginal explains ({@link FanovaTree}), the shares averaged over the trees whose variance is not 0, and the
 * averages normalised to sum to 1. See the package documentation for the forest, the encoding and the cap.
 */
public final class FanovaEvaluator implements ImportanceEvaluator {
  /** Optuna's default number of trees. */
  public static final int TREES = 64;
  /** Optuna's default maximum depth. */
  public static final int MAX_DEPTH = 64;
  /** The most trials one evaluation fits the forest to; more are subsampled (see the package documentation). */
  public static final int MAX_TRIALS = 500;
  /**
   * The forest is fitted as this many bagged parts of consecutive seeds, in parallel where there are cores; a fixed
   * count, so the trees (and the importances) do not depend on the machine.
   */
  static final int PARTS = 4;

  /** Tribuo's bagging logs every tree it builds at INFO; kept here so the setting is not collected. */
  private static final Logger BAGGING_LOG = Logger.getLogger(BaggingTrainer.class.getName());

  static {
    BAGGING_LOG.setLevel(Level.WARNING);
  }

  private final int trees;
  private final int maxDepth;
  private final int maxTrials;
  private final long seed;

  /** Optuna's defaults (64 trees, depth 64), seed 0, at most {@value #MAX_TRIALS} trials. */
  public FanovaEvaluator() {
    this(TREES, MAX_DEPTH, MAX_TRIALS, 0);
  }

  /**
   * @param trees trees in the forest, at least 1
   * @param maxDepth the trees' maximum depth, at least 1
   * @param maxTrials the most trials the forest is fitted to (a seeded random subset of more), at least 2
   * @param seed the seed of the subset and of the forest's bootstrap samples
   */
  public FanovaEvaluator(int trees, int maxDepth, int maxTrials, long seed) {
    if (trees < 1 || maxDepth < 1 || maxTrials < 2) {
      throw new IllegalArgumentException("need trees >= 1, maxDepth >= 1, maxTrials >= 2; got " + trees + ", "
          + maxDepth + ", " + maxTrials);
    }
    this.trees = trees;
    this.maxDepth = maxDepth;
    this.maxTrials = maxTrials;
    this.seed = seed;
  }

  @Override
  public Importances evaluate(SearchSpace space, List<ScoredTrial> trials) {
    List<String> names = space.searchedNames();
    Columns columns = Columns.of(space);
    List<double[]> rows = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (ScoredTrial t : trials) {
      double[] row = columns.encode(t.params());
      if (row != null && Double.isFinite(t.value())) {
        rows.add(row);
        values.add(t.value());
      }
    }
    int used = rows.size();
    if (used < 2 || columns.params.isEmpty() || values.stream().distinct().count() < 2) {
      return Importances.unassessed(names, used);
    }
    int[] pick = subset(used, maxTrials, seed);
    List<FanovaTree> forest = fit(columns, rows, values, pick);

    double[] importance = shares(forest, columns.groups);
    if (importance == null) {
      return Importances.unassessed(names, used);
    }
    Map<String, Double> byName = new HashMap<>();
    for (int p = 0; p < importance.length; p++) {
      byName.put(columns.params.get(p), importance[p]);
    }
    return new Importances(names.stream()
        .map(n -> new Importances.ParamImportance(n, byName.getOrDefault(n, 0.0))).toList(), used, true);
  }

  /**
   * Each column group's mean share of a tree's variance, over the trees whose variance is not 0, normalised to sum
   * to 1 (Optuna's {@code _Fanova.get_importance} and {@code FanovaImportanceEvaluator.evaluate}); null when no
   * tree varies or no group explains any of it.
   */
  static double[] shares(List<FanovaTree> forest, int[][] groups) {
    double[] importance = new double[groups.length];
    int varied = 0;
    for (FanovaTree tree : forest) {
      double variance = tree.variance();
      if (variance > 0) {
        varied++;
        for (int g = 0; g < groups.length; g++) {
          importance[g] += tree.marginalVariance(groups[g]) / variance;
        }
      }
    }
    double sum = Arrays.stream(importance).sum();
    if (varied == 0 || !(sum > 0) || !Double.isFinite(sum)) {
      return null;
    }
    for (int g = 0; g < groups.length; g++) {
      importance[g] /= sum;
    }
    return importance;
  }

  /** The indices of a seeded random subset of {@code max} of {@code n} rows, in order; all of them when n <= max. */
  static int[] subset(int n, int max, long seed) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (n <= max) {
      return all;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < max; i++) {
      int j = i + rng.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = Arrays.copyOf(all, max);
    Arrays.sort(out);
    return out;
  }

  /**
   * Bagged CART regression trees (Tribuo), as scikit-learn's {@code RandomForestRegressor} with Optuna's settings
   * fits them: bootstrap samples of the rows, squared-error splits at midpoints over every column, a node split
   * while it holds at least 2 rows (min_samples_split=2, min_samples_leaf=1) up to {@code maxDepth}.
   */
  private List<FanovaTree> fit(Columns columns, List<double[]> rows, List<Double> values, int[] pick) {
    String[] featureNames = new String[columns.size()];
    Map<String, Integer> columnOf = new HashMap<>();
    for (int c = 0; c < featureNames.length; c++) {
      featureNames[c] = String.format("c%05d", c);
      columnOf.put(featureNames[c], c);
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = new MutableDataset<>(
        new SimpleDataSourceProvenance("trials", factory), factory);
    for (int i : pick) {
      data.add(new ArrayExample<>(new Regressor("value", values.get(i)), featureNames, rows.get(i)));
    }
    List<EnsembleModel<Regressor>> parts = IntStream.range(0, Math.min(PARTS, trees)).parallel().mapToObj(part -> {
      int members = trees / PARTS + (part < trees % PARTS ? 1 : 0);
      CARTRegressionTrainer cart = new CARTRegressionTrainer(maxDepth, 2f, 0f, 1f, false, new MeanSquaredError(),
          seed + part);
      return new BaggingTrainer<>(cart, new AveragingCombiner(), members, seed + part).train(data);
    }).toList();
    List<FanovaTree> out = new ArrayList<>();
    for (Model<Regressor> member : parts.stream().flatMap(m -> m.getModels().stream()).toList()) {
      IndependentRegressionTreeModel tree = (IndependentRegressionTreeModel) member;
      int[] toColumn = new int[tree.getFeatureIDMap().size()];
      for (int id = 0; id < toColumn.length; id++) {
        toColumn[id] = columnOf.get(tree.getFeatureIDMap().get(id).getName());
      }
      out.add(flatten(tree.getRoots().values().iterator().next(), toColumn, columns));
    }
    return out;
  }

  /** A Tribuo tree as the arrays {@link FanovaTree} reads. */
  private static FanovaTree flatten(Node<Regressor> root, int[] toColumn, Columns columns) {
    List<Node<Regressor>> nodes = new ArrayList<>();
    nodes.add(root);
    for (int n = 0; n < nodes.size(); n++) {
      if (nodes.get(n) instanceof SplitNode<Regressor> s) {
        nodes.add(s.getLessThanOrEqual());
        nodes.add(s.getGreaterThan());
      }
    }
    int size = nodes.size();
    int[] feature = new int[size];
    double[] threshold = new double[size];
    int[] left = new int[size];
    int[] right = new int[size];
    double[] value = new double[size];
    int child = 1;
    for (int n = 0; n < size; n++) {
      if (nodes.get(n) instanceof SplitNode<Regressor> s) {
        feature[n] = toColumn[s.getFeatureID()];
        threshold[n] = s.splitValue();
        left[n] = child++;
        right[n] = child++;
      } else {
        feature[n] = -1;
        value[n] = ((LeafNode<Regressor>) nodes.get(n)).getOutput().getValues()[0];
      }
    }
    return new FanovaTree(feature, threshold, left, right, value, columns.low, columns.high);
  }
}
