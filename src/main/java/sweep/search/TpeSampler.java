package sweep.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import sweep.spec.Goal;

/**
 * Tree-structured Parzen Estimator following Optuna's TPESampler (3.1): until
 * {@code startupTrials} trials have finished, trials are drawn as by the random sampler; then, for each parameter,
 * observations are split into the best {@link TpeSettings#gamma(int, int)} and the rest, a {@link ParzenEstimator}
 * is fitted to each group, candidates are drawn from the good one and the candidate with the largest
 * {@code log l(x) - log g(x)} wins. With {@link TpeSettings#multivariate} (the default) and two or more searched
 * parameters, the estimators and candidates are joint instead ({@link #proposeJointly}). Where it departs from
 * Optuna's defaults: the size of the good group, the ranking, and modelling parameters jointly.
 *
 * <p>Ranking: complete and pruned trials together, by their best value so far (the goal's way); then (constant
 * liar) running trials, as the worst of all. Only complete and pruned trials count towards {@code n}. A pruned
 * trial's best so far can only improve with more epochs, so it bounds what the trial would have reached: one that
 * already beats a complete trial would have ended ahead of it, and ranks ahead of it. Optuna instead ranks every
 * complete trial above every pruned one, and pruned ones by how far they got; under hyperband that puts a mediocre
 * trial of the bracket that never prunes above a better one cut at a deep rung. A trial cut after an epoch or two
 * has a low best so far and ranks low either way. A proposal is a pure function of seed, trial number and
 * history: the generator is the {@link Draws} stream of (seed, number).
 *
 * <p>Warm start: trials of earlier sweeps come in the history as observations of weight {@code W} (the spec's
 * {@code warm_start.weight}) and are ranked with the sweep's own; each one counts fully towards the startup trials
 * and the size of the good group, and its kernel's weight in either estimator is {@code W} times what a trial of
 * tonight's would have (Optuna's age ramp included). So with ten or more earlier trials the first proposal is
 * already a TPE one, centred where last night's good trials were, and tonight's trials outweigh them as they come.
 */
final class TpeSampler implements Sampler {
  private final SearchSpace space;
  private final Goal goal;
  private final long seed;
  private final TpeSettings settings;
  private final List<Dimension> dimensions = new ArrayList<>();

  TpeSampler(SearchSpace space, Goal goal, long seed, TpeSettings settings) {
    this.space = space;
    this.goal = goal;
    this.seed = seed;
    this.settings = settings;
    for (String name : space.searchedNames()) {
      dimensions.add(Dimension.of(name, space.get(name)));
    }
  }

  @Override
  public Map<String, Object> propose(int number, List<Observation> history) {
    List<Observation> scored = new ArrayList<>();
    List<Observation> running = new ArrayList<>();
    for (Observation o : history) {
      if (o.number() == number) {
        continue;
      }
      if (o.state() == Observation.State.RUNNING) {
        running.add(o);
      } else if (!Double.isNaN(o.value())) {
        scored.add(o);
      }
    }
    int n = scored.size();
    if (n < settings.startupTrials() || n == 0) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Dimension d : dimensions) {
        out.put(d.name(), d.spec().fromUnit(RandomSampler.unit(seed, number, d.name())));
      }
      return out;
    }
    int complete = 0;
    for (Observation o : scored) {
      if (o.state() == Observation.State.COMPLETE) {
        complete++;
      }
    }
    List<Observation> below = best(scored, settings.gamma(complete, n - complete));
    Set<Observation> inBelow = Collections.newSetFromMap(new IdentityHashMap<>());
    inBelow.addAll(below);
    List<Observation> above = new ArrayList<>(n - below.size() + running.size());
    for (Observation o : scored) {
      if (!inBelow.contains(o)) {
        above.add(o);
      }
    }
    if (settings.constantLiar()) {
      above.addAll(running);
    }
    below.sort(Comparator.comparingInt(Observation::number));
    above.sort(Comparator.comparingInt(Observation::number));

    UniformRandomProvider rng = Draws.stream(Draws.key(seed, Draws.Purpose.TPE_CANDIDATES, number));
    if (settings.multivariate() && dimensions.size() > 1) {
      return proposeJointly(below, above, rng);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Dimension d : dimensions) {
      ParzenEstimator good = new ParzenEstimator(d, internal(d, below), weights(below), settings.priorWeight(),
          Double.NaN);
      ParzenEstimator bad = new ParzenEstimator(d, internal(d, above), weights(above), settings.priorWeight(),
          Double.NaN);
      double bestScore = Double.NEGATIVE_INFINITY;
      Object best = null;
      for (int c = 0; c < settings.candidates(); c++) {
        Object value = d.fromInternal(good.sample(rng));
        double x = d.toInternal(value);
        double score = good.logPdf(x) - bad.logPdf(x);
        if (best == null || score > bestScore) {
          best = value;
          bestScore = score;
        }
      }
      out.put(d.name(), best);
    }
    return out;
  }

  /**
   * Optuna's multivariate TPE: one joint estimator per group, from the observations that have every searched
   * parameter (in the space's own values), each observation's widths Scott's rule {@code 0.2 n^(-1/(d+4))} of the
   * range before the clip; candidates are joint draws from the good group's, and the best joint density ratio wins.
   */
  private Map<String, Object> proposeJointly(List<Observation> below, List<Observation> above,
      UniformRandomProvider rng) {
    List<Observation> good = withEveryParameter(below);
    List<Observation> bad = withEveryParameter(above);
    int dims = dimensions.size();
    ParzenEstimator[] l = new ParzenEstimator[dims];
    ParzenEstimator[] g = new ParzenEstimator[dims];
    for (int i = 0; i < dims; i++) {
      Dimension d = dimensions.get(i);
      l[i] = new ParzenEstimator(d, internal(d, good), weights(good), settings.priorWeight(), scott(d, good.size()));
      g[i] = new ParzenEstimator(d, internal(d, bad), weights(bad), settings.priorWeight(), scott(d, bad.size()));
    }
    double bestScore = Double.NEGATIVE_INFINITY;
    double[] best = null;
    for (int c = 0; c < settings.candidates(); c++) {
      int k = l[0].pick(rng.nextDouble());
      double[] x = new double[dims];
      for (int i = 0; i < dims; i++) {
        Dimension d = dimensions.get(i);
        x[i] = d.toInternal(d.fromInternal(l[i].sampleComponent(k, rng)));
      }
      double score = jointLogPdf(l, x) - jointLogPdf(g, x);
      if (best == null || score > bestScore) {
        best = x;
        bestScore = score;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < dims; i++) {
      Dimension d = dimensions.get(i);
      out.put(d.name(), d.fromInternal(best[i]));
    }
    return out;
  }

  private List<Observation> withEveryParameter(List<Observation> group) {
    List<Observation> out = new ArrayList<>(group.size());
    for (Observation o : group) {
      boolean every = true;
      for (Dimension d : dimensions) {
        every &= !Double.isNaN(d.toInternal(o.params().get(d.name())));
      }
      if (every) {
        out.add(o);
      }
    }
    return out;
  }

  /** Optuna's multivariate width, Scott's rule: 0.2 of the range times n^(-1/(d+4)); unused for categoricals. */
  private double scott(Dimension d, int n) {
    return 0.2 * StrictMath.pow(Math.max(n, 1), -1.0 / (dimensions.size() + 4)) * (d.high() - d.low());
  }

  /** The joint log density: over components k, the weight times the product of every dimension's kernel. */
  private static double jointLogPdf(ParzenEstimator[] estimators, double[] x) {
    int m = estimators[0].components();
    double[] terms = new double[m];
    for (int k = 0; k < m; k++) {
      terms[k] = estimators[0].logWeight(k);
    }
    for (int i = 0; i < estimators.length; i++) {
      estimators[i].addLogKernels(x[i], terms);
    }
    return ParzenEstimator.logSumExp(terms);
  }

  private static double[] weights(List<Observation> group) {
    double[] out = new double[group.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = group.get(i).weight();
    }
    return out;
  }

  private static double[] internal(Dimension d, List<Observation> group) {
    double[] out = new double[group.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.toInternal(group.get(i).params().get(d.name()));
    }
    return out;
  }

  /**
   * The {@code count} best observations, best first: by best value so far (the goal's way), a complete trial before
   * a pruned one of the same value, then by number. A single pass keeping the best so far in order: the good group
   * is at most 25, so this is about one comparison per observation where sorting them all would take log n.
   */
  private List<Observation> best(List<Observation> scored, int count) {
    Ranked[] top = new Ranked[count];
    int size = 0;
    for (Observation o : scored) {
      Ranked r = new Ranked(o, goal == Goal.MAXIMIZE ? -o.value() : o.value(),
          o.state() == Observation.State.COMPLETE ? 0 : 1);
      if (size == count && (count == 0 || r.compareTo(top[count - 1]) >= 0)) {
        continue;
      }
      int i = size == count ? count - 1 : size++;
      while (i > 0 && r.compareTo(top[i - 1]) < 0) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = r;
    }
    List<Observation> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(top[i].observation());
    }
    return out;
  }

  private record Ranked(Observation observation, double value, int state) implements Comparable<Ranked> {
    @Override
    public int compareTo(Ranked o) {
      int c = Double.compare(value, o.value);
      if (c == 0) {
        c = Integer.compare(state, o.state);
      }
      return c != 0 ? c : Integer.compare(observation.number(), o.observation.number());
    }
  }
}
