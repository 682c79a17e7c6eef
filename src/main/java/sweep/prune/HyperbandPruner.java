package sweep.prune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import sweep.search.Observation;
import sweep.spec.EarlyTerminate;
import sweep.spec.Goal;

/**
 * Hyperband run as asynchronous successive halving (ASHA, Li et al.), with Optuna's bracket layout and W&B's
 * {@code min_iter} (or {@code max_iter} and {@code s}), {@code eta} and {@code strict}.
 *
 * <p>The ladder ({@link EarlyTerminate.Hyperband#ladder}) is the epochs {@code min_iter * eta^k} that are at most
 * the trial's epoch budget, or W&B's bands below {@code max_iter} and {@code max_iter}. Brackets
 * {@code b = 0 .. B-1}, {@code B} the length of the ladder: bracket {@code b} has its rungs at the ladder's epochs
 * from the {@code b}-th on that lie below the budget (and below {@code max_iter}); bracket 0 is the most
 * aggressive, the last bracket never prunes when the ladder ends at the budget. A trial's bracket is drawn from its
 * number and the seed, with bracket {@code b} weighted by {@code ceil(B * eta^s / (s + 1))}, {@code s = B - 1 - b} (the
 * number of trials Hyperband would start in it), as Optuna does.
 *
 * <p>When a trial reports a rung epoch, it goes on only if its rung value is among the best {@code floor(n / eta)}
 * of the {@code n} trials of its bracket (itself included) that have a value at that rung, and among the best
 * {@code floor(m / eta)} of the latest trials of the sweep at that epoch: itself and the {@code eta^2 - 1} trials of
 * any bracket numbered just below it that have a value there ({@code m} in all, no test while {@code m < eta}); ties
 * pass. The rung value is the best value up to the rung, or with {@code strict} the value at the rung itself. Trials
 * judged early are compared with fewer others: that is what makes it asynchronous. The second test is a synchronous
 * rung in miniature: its {@code eta^2} trials were proposed from nearly the same state of the sampler, and a third
 * of them go on. ASHA's rung alone compares a trial with every earlier one, so a sampler that learns (TPE) beats
 * more than a third of them with every new trial and runs more of them on than Hyperband budgets for; a deep rung of
 * a small bracket also holds only a handful of trials.
 *
 * <p>While the bracket's rung holds fewer than {@code eta} trials its top {@code 1/eta} is empty: ASHA (Li et al.,
 * Algorithm 2) would promote nobody yet, and a stopping implementation cannot wait, so a trial then goes on only if
 * none of those latest trials of the sweep has a better value at that epoch. Optuna instead lets the best of the
 * first few go on whatever they are worth ({@code max(1, floor(n / eta))}), which in the small brackets, whose rungs
 * are deep, runs mediocre trials on for many epochs.
 *
 * <p>A sampler proposing a trial ({@link #history}) learns from the trials of that trial's bracket, from every
 * trial of the sweep that was not pruned (complete ones, and running ones for the constant liar), and from the
 * trials other brackets pruned at an epoch whose values have been seen to predict later ones: Spearman's rank
 * correlation between the rung values at that epoch and at the deepest later epoch that at least
 * {@value #TRUST_TRIALS} trials reached is at least {@value #TRUST_RHO}. Optuna's samplers see only the bracket's
 * own trials, which starves the small brackets (a handful of trials each, never past the sampler's startup
 * trials); a sampler fed every cut curve instead chases fast starters in every bracket when curves cross (slow
 * starters end best), since an aggressive bracket cuts the slow starters first. The correlation tells the two
 * cases apart from the sweep's own curves.
 */
public final class HyperbandPruner implements Pruner {
  /** The fewest trials past an epoch whose ranking can vouch for that epoch's values. */
  public static final int TRUST_TRIALS = 5;
  /** The rank correlation at which an epoch's values are taken to predict later ones. */
  public static final double TRUST_RHO = 0.5;

  private final Goal goal;
  private final List<Integer> ladder;
  private final int top;
  private final int eta;
  private final boolean strict;
  private final int maxEpochs;
  private final long seed;
  private final int brackets;
  private final long[] budgets;
  private final long totalBudget;

  public HyperbandPruner(Goal goal, int minIter, int eta, boolean strict, int maxEpochs, long seed) {
    this(goal, new EarlyTerminate.Hyperband(minIter, eta, strict), maxEpochs, seed);
  }

  /** The pruner {@code spec} describes, for trials of {@code maxEpochs} epochs, brackets drawn with {@code seed}. */
  public HyperbandPruner(Goal goal, EarlyTerminate.Hyperband spec, int maxEpochs, long seed) {
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs >= 1");
    }
    this.goal = goal;
    this.ladder = spec.ladder(maxEpochs);
    this.top = spec.top(maxEpochs);
    this.eta = spec.eta();
    this.strict = spec.strict();
    this.maxEpochs = maxEpochs;
    this.seed = seed;
    this.brackets = Math.max(1, ladder.size());
    this.budgets = new long[brackets];
    long total = 0;
    for (int i = 0; i < brackets; i++) {
      int s = brackets - 1 - i;
      budgets[i] = (long) Math.ceil(brackets * Math.pow(eta, s) / (s + 1));
      total += budgets[i];
    }
    this.totalBudget = total;
  }

  public int brackets() {
    return brackets;
  }

  /** The bracket of trial {@code number}: a weighted draw from (seed, number). */
  public int bracket(int number) {
    long n = Math.floorMod(mix(seed * 0x9E3779B97F4A7C15L + number), totalBudget);
    for (int b = 0; b < brackets; b++) {
      n -= budgets[b];
      if (n < 0) {
        return b;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** The rung epochs of bracket {@code b}, below the epoch budget. */
  public List<Integer> rungs(int b) {
    List<Integer> out = new ArrayList<>();
    for (int i = b; i < ladder.size() && ladder.get(i) < top; i++) {
      out.add(ladder.get(i));
    }
    return out;
  }

  @Override
  public Optional<String> check(Curve trial, List<Curve> trials) {
    int epoch = trial.lastEpoch();
    int b = bracket(trial.number());
    if (epoch == 0 || !rungs(b).contains(epoch)) {
      return Optional.empty();
    }
    double own = rungValue(trial, epoch).orElseThrow();
    List<Double> bracketValues = new ArrayList<>();
    bracketValues.add(own);
    TreeMap<Integer, Double> earlier = new TreeMap<>();
    for (Curve c : trials) {
      Optional<Double> v = c.number() == trial.number() ? Optional.empty() : rungValue(c, epoch);
      if (v.isPresent()) {
        if (bracket(c.number()) == b) {
          bracketValues.add(v.get());
        }
        if (c.number() < trial.number()) {
          earlier.put(c.number(), v.get());
        }
      }
    }
    List<Double> sweepValues = new ArrayList<>();
    sweepValues.add(own);
    while (sweepValues.size() < eta * eta && !earlier.isEmpty()) {
      sweepValues.add(earlier.pollLastEntry().getValue());
    }
    String what = (strict ? "value " : "best ") + own;
    String where = "pruned (hyperband, bracket " + b + ", rung " + epoch + "): ";
    String recent = " of the " + sweepValues.size() + " latest trials of the sweep at epoch " + epoch;
    if (bracketValues.size() < eta) {
      double sweepBest = threshold(sweepValues, 1);
      if (goal.better(sweepBest, own)) {
        return Optional.of(where + "only " + bracketValues.size() + " of the bracket at the rung (fewer than " + eta
            + "), and " + what + " is not the best" + recent + " (" + sweepBest + ")");
      }
      return Optional.empty();
    }
    int keep = bracketValues.size() / eta;
    double threshold = threshold(bracketValues, keep);
    if (goal.better(threshold, own)) {
      return Optional.of(where + what + " is not in the top " + keep + " of " + bracketValues.size()
          + " of the bracket (needs " + threshold + ")");
    }
    int keepSweep = sweepValues.size() / eta;
    if (keepSweep == 0) {
      return Optional.empty();
    }
    double sweepThreshold = threshold(sweepValues, keepSweep);
    if (goal.better(sweepThreshold, own)) {
      return Optional.of(where + what + " is not in the top " + keepSweep + recent + " (needs " + sweepThreshold
          + ")");
    }
    return Optional.empty();
  }

  /** The {@code keep}-th best of {@code values} (which it sorts, best first). */
  private double threshold(List<Double> values, int keep) {
    values.sort((x, y) -> goal.better(x, y) ? -1 : goal.better(y, x) ? 1 : 0);
    return values.get(keep - 1);
  }

  /**
   * The trials of {@code number}'s bracket, every trial not pruned, and the trials other brackets pruned at an
   * epoch whose values predicted later ones ({@link #predictive}).
   */
  @Override
  public List<Observation> history(int number, List<Observation> history, List<Curve> curves) {
    int b = bracket(number);
    Map<Integer, Boolean> predictive = new HashMap<>();
    int[][] last = {null};
    List<Observation> out = new ArrayList<>(history.size());
    for (Observation o : history) {
      if (bracket(o.number()) == b || o.state() != Observation.State.PRUNED
          || predictive.computeIfAbsent(o.epochs(), e -> {
            if (last[0] == null) {
              last[0] = lastEpochs(curves);
            }
            return predictive(e, curves, last[0]);
          })) {
        out.add(o);
      }
    }
    return out;
  }

  private static int[] lastEpochs(List<Curve> curves) {
    int[] last = new int[curves.size()];
    for (int i = 0; i < last.length; i++) {
      last[i] = curves.get(i).lastEpoch();
    }
    return last;
  }

  /**
   * Whether the rung values at {@code epoch} ranked the trials that went further as they ranked later: Spearman's
   * correlation with the rung values at the deepest later epoch that at least {@link #TRUST_TRIALS} trials reached
   * is at least {@link #TRUST_RHO}. False while no later epoch has that many.
   */
  boolean predictive(int epoch, List<Curve> curves) {
    return predictive(epoch, curves, lastEpochs(curves));
  }

  /** {@link #predictive(int, List)} with each curve's last epoch worked out ({@code last[i]} for curve i). */
  private boolean predictive(int epoch, List<Curve> curves, int[] last) {
    // reached[e]: how many curves got to epoch e or beyond. A later epoch fewer than TRUST_TRIALS reached cannot
    // have that many pairs, so it is skipped without a pass over the curves.
    int[] reached = new int[maxEpochs + 2];
    for (int l : last) {
      reached[Math.min(l, maxEpochs)]++;
    }
    for (int e = maxEpochs - 1; e >= 0; e--) {
      reached[e] += reached[e + 1];
    }
    for (int later = maxEpochs; later > epoch; later--) {
      if (reached[later] < TRUST_TRIALS) {
        continue;
      }
      List<double[]> pairs = new ArrayList<>();
      for (int i = 0; i < last.length; i++) {
        Curve c = curves.get(i);
        if (last[i] >= later) {
          double[] pair = rungValues(c, epoch, later);
          if (pair != null) {
            pairs.add(pair);
          }
        }
      }
      if (pairs.size() >= TRUST_TRIALS) {
        double rho = new SpearmansCorrelation().correlation(
            pairs.stream().mapToDouble(p -> p[0]).toArray(), pairs.stream().mapToDouble(p -> p[1]).toArray());
        return rho >= TRUST_RHO;
      }
    }
    return false;
  }

  /**
   * The rung values at {@code epoch} and at {@code later > epoch} of a curve that got to {@code later}, as
   * {@link #rungValue} gives them, in one pass over the curve; null when either is missing.
   */
  private double[] rungValues(Curve c, int epoch, int later) {
    if (strict) {
      Double early = c.values().get(epoch);
      Double late = c.values().get(later);
      return early == null || late == null ? null : new double[] {early, late};
    }
    boolean seen = false;
    boolean seenEarly = false;
    double best = 0;
    double early = 0;
    for (Map.Entry<Integer, Double> e : c.values().entrySet()) {
      int at = e.getKey();
      if (at > later) {
        break;
      }
      double v = e.getValue();
      if (!seen || goal.better(v, best)) {
        best = v;
        seen = true;
      }
      if (at <= epoch) {
        early = best;
        seenEarly = true;
      }
    }
    return seenEarly ? new double[] {early, best} : null;
  }

  private Optional<Double> rungValue(Curve c, int epoch) {
    if (c.lastEpoch() < epoch) {
      return Optional.empty();
    }
    return strict ? c.at(epoch) : c.bestUpTo(epoch, goal);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
