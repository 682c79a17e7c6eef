package sweep.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sweep.search.Observation;
import sweep.spec.Goal;

/**
 * Hyperband run as asynchronous successive halving (ASHA, Li et al.), with Optuna's bracket layout and W&B's
 * {@code min_iter}, {@code eta} and {@code strict}.
 *
 * <p>Brackets {@code b = 0 .. B-1}, where {@code B} counts the epochs {@code min_iter * eta^k} that are at most the
 * trial's epoch budget. Bracket {@code b} has rungs at {@code min_iter * eta^(b + k)} epochs below the budget;
 * bracket 0 is the most aggressive, the last bracket never prunes. A trial's bracket is drawn from its number
 * and the seed, with bracket {@code b} weighted by {@code ceil(B * eta^s / (s + 1))}, {@code s = B - 1 - b} (the
 * number of trials Hyperband would start in it), as Optuna does.
 *
 * <p>When a trial reports a rung epoch, it goes on only if its rung value is among the best {@code floor(n / eta)}
 * of the {@code n} trials of its bracket (itself included) that have a value at that rung; ties pass. The rung
 * value is the best value up to the rung, or with {@code strict} the value at the rung itself. Trials judged early
 * are compared with fewer others: that is what makes it asynchronous.
 *
 * <p>While the bracket's rung holds fewer than {@code eta} trials its top {@code 1/eta} is empty: ASHA (Li et al.,
 * Algorithm 2) would promote nobody yet, and a stopping implementation cannot wait, so a trial then goes on only if
 * no trial of the sweep, in any bracket, has a better value at that epoch. Optuna instead lets the best of the
 * first few go on whatever they are worth ({@code max(1, floor(n / eta))}), which in the small brackets, whose rungs
 * are deep, runs mediocre trials on for many epochs.
 *
 * <p>A sampler proposing a trial learns only from the trials of that trial's bracket ({@link #history}), as
 * Optuna's samplers see a bracket's own study under its HyperbandPruner: in an aggressive bracket most curves are
 * cut after an epoch or three, and learning from them would steer every bracket towards fast starters.
 */
public final class HyperbandPruner implements Pruner {
  private final Goal goal;
  private final int minIter;
  private final int eta;
  private final boolean strict;
  private final int maxEpochs;
  private final long seed;
  private final int brackets;
  private final long[] budgets;
  private final long totalBudget;

  public HyperbandPruner(Goal goal, int minIter, int eta, boolean strict, int maxEpochs, long seed) {
    if (minIter < 1 || eta < 2 || maxEpochs < 1) {
      throw new IllegalArgumentException("minIter >= 1, eta >= 2, maxEpochs >= 1");
    }
    this.goal = goal;
    this.minIter = minIter;
    this.eta = eta;
    this.strict = strict;
    this.maxEpochs = maxEpochs;
    this.seed = seed;
    int b = 0;
    for (long r = minIter; r <= maxEpochs; r *= eta) {
      b++;
    }
    this.brackets = Math.max(1, b);
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
    long r = minIter;
    for (int i = 0; i < b; i++) {
      r *= eta;
    }
    for (; r < maxEpochs; r *= eta) {
      out.add((int) r);
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
    List<Double> values = new ArrayList<>();
    values.add(own);
    Double sweepBest = null;
    for (Curve c : trials) {
      Optional<Double> v = c.number() == trial.number() ? Optional.empty() : rungValue(c, epoch);
      if (v.isPresent()) {
        if (bracket(c.number()) == b) {
          values.add(v.get());
        }
        if (sweepBest == null || goal.better(v.get(), sweepBest)) {
          sweepBest = v.get();
        }
      }
    }
    if (values.size() < eta) {
      if (sweepBest != null && goal.better(sweepBest, own)) {
        return Optional.of("pruned (hyperband, bracket " + b + ", rung " + epoch + "): only " + values.size()
            + " of the bracket at the rung (fewer than " + eta + "), and " + (strict ? "value " : "best ") + own
            + " is not the sweep's best at epoch " + epoch + " (" + sweepBest + ")");
      }
      return Optional.empty();
    }
    int keep = values.size() / eta;
    values.sort((x, y) -> goal.better(x, y) ? -1 : goal.better(y, x) ? 1 : 0);
    double threshold = values.get(keep - 1);
    if (goal.better(threshold, own)) {
      return Optional.of("pruned (hyperband, bracket " + b + ", rung " + epoch + "): " + (strict ? "value " : "best ")
          + own + " is not in the top " + keep + " of " + values.size() + " (needs " + threshold + ")");
    }
    return Optional.empty();
  }

  /** The trials of {@code number}'s bracket: a sampler learns from curves cut at the same rungs. */
  @Override
  public List<Observation> history(int number, List<Observation> history) {
    int b = bracket(number);
    return history.stream().filter(o -> bracket(o.number()) == b).toList();
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
