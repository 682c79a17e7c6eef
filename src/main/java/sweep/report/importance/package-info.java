/**
 * Parameter importance for the sweep report: how much of the variation of the sweep metric each searched parameter
 * explains, as Optuna computes it by default (fANOVA, Optuna 3.1's {@code FanovaImportanceEvaluator}).
 *
 * <p>The report calls {@link sweep.report.importance.ImportanceEvaluator#evaluate} of a
 * {@link sweep.report.importance.FanovaEvaluator} with the sweep's {@link sweep.search.SearchSpace} and its
 * completed trials ({@link sweep.report.importance.ScoredTrial#completed}), and gets
 * {@link sweep.report.importance.Importances}: every searched parameter, most important first, shares summing to 1
 * (or all 0, {@code assessed() == false}, when they cannot be judged: fewer than two usable trials, all values
 * equal, no parameter that can take more than one value).
 *
 * <h2>What is computed</h2>
 * As Optuna 3.1 does ({@code optuna/importance/_fanova/}):
 * <ol>
 *   <li>Trials are rows: a number parameter is one column holding its raw value, log distributions included
 *       (Optuna's fANOVA uses {@code _SearchSpaceTransform(transform_log=False, transform_step=False)}), bounded by
 *       the parameter's {@code [min, max]}; a categorical parameter is one 0/1 column per choice (one-hot), each
 *       bounded by {@code [0, 1]}. A parameter that can take only one value gets no column and importance 0.</li>
 *   <li>A random forest regresses the value on the rows: 64 trees, maximum depth 64, bootstrap samples, every
 *       column considered at each split, a node split while it holds at least 2 rows (scikit-learn's
 *       {@code RandomForestRegressor(n_estimators=64, max_depth=64, min_samples_split=2, min_samples_leaf=1)}).</li>
 *   <li>For each tree, the variance of its prediction over the box of the bounds, and each parameter's first-order
 *       marginal variance (its columns together) over the same box ({@link sweep.report.importance.FanovaTree});
 *       a parameter's importance is its marginal variance as a fraction of the tree's, averaged over the trees
 *       whose variance is not 0, then normalised so the parameters sum to 1.</li>
 * </ol>
 * The goal does not enter (variance does not care about the sign), as in Optuna.
 *
 * <h2>The forest: Tribuo</h2>
 * The trees come from Oracle's Tribuo ({@code org.tribuo:tribuo-regression-tree}, Apache 2.0; its OLCUT
 * dependency is BSD 2-clause), bagged CART regression trees ({@code BaggingTrainer} over
 * {@code CARTRegressionTrainer}, every feature at each split, squared error, thresholds at midpoints between
 * values as scikit-learn places them). Tribuo is maintained, permissively licensed, pure Java, on Maven Central,
 * and its fitted trees can be walked ({@code TreeModel.getRoots}, {@code SplitNode.getFeatureID},
 * {@code splitValue}, {@code getLessThanOrEqual}/{@code getGreaterThan}, {@code LeafNode.getOutput}), which the
 * decomposition needs. Smile is GPL; XGBoost and LightGBM are native boosting libraries. (Tribuo's
 * {@code RandomForestTrainer} insists on a feature subsample at each split; scikit-learn's regressor, as Optuna
 * uses it, considers all features, which is plain bagging, hence {@code BaggingTrainer}.) No library computes the
 * fANOVA decomposition over such trees, so {@link sweep.report.importance.FanovaTree} derives it from Optuna's
 * {@code _tree.py}; it matches Optuna's numbers on Optuna's own forest to rounding (a test feeds it
 * scikit-learn's fitted trees). The forests differ (different bootstrap draws), so importances agree closely, not
 * exactly.
 *
 * <h2>Many trials</h2>
 * Tribuo's split search rescans a node's rows for every candidate threshold, so fitting grows with the square of
 * the rows; Optuna's own fANOVA notes a minute or more past 1,000 trials. A forest is therefore fitted to at most
 * {@value sweep.report.importance.FanovaEvaluator#MAX_TRIALS} trials, a seeded random subset of more (the subset
 * is uniform, so it keeps the spread of every parameter that random or quasi-random search gave; 500 draws per
 * parameter is ample for a forest over a handful of parameters, and the importances of 10,000 trials moved by
 * about 0.005 between 500 and 1,000 rows). Trees and depth stay at Optuna's defaults. The trees are fitted in
 * {@value sweep.report.importance.FanovaEvaluator#PARTS} fixed parts, in parallel where there are cores, so the
 * result does not depend on the machine. The decomposition adds each leaf to the grid cells it covers, one pass
 * over the leaves per parameter, instead of walking the tree once per cell as Optuna does. A categorical
 * parameter's grid is the product of its one-hot columns' cells (up to 2^choices), as in Optuna; past
 * {@value sweep.report.importance.FanovaTree#MAX_GRID} cells the same variance is computed from pairs of leaves
 * instead, so many choices cost neither an overflow nor an exponential time.
 */
package sweep.report.importance;
