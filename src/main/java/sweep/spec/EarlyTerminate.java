package sweep.spec;

import java.util.List;
import java.util.TreeSet;

/**
 * Cross-trial pruning ({@code early_terminate}): which pruner decides, after each epoch of a search trial, whether
 * the trial is stopped as PRUNED.
 */
public sealed interface EarlyTerminate {

  /** No cross-trial pruning (the key is absent). */
  record None() implements EarlyTerminate {}

  /**
   * {@code {type: hyperband, min_iter | max_iter + s, eta, strict}}: asynchronous successive halving in hyperband
   * brackets (see the hyperband pruner). The epochs at which trials are judged, W&B's "bands", are
   * {@code min_iter * eta^k} in the {@code min_iter} form, and in the {@code max_iter} form W&B's
   * {@code floor(max_iter / eta^k)} for {@code k = 1 .. s} (while at least 1), below {@code max_iter}; when both
   * are given {@code max_iter} decides, as in W&B. At a rung a trial goes on only if it is in the top
   * {@code 1/eta} of its bracket there. Not strict: a trial is judged by its best value up to the rung; strict: by
   * the value at the rung.
   *
   * @param maxIter W&B's {@code max_iter}, or 0 in the {@code min_iter} form
   * @param s W&B's {@code s}, the number of bands below {@code max_iter} (0 in the {@code min_iter} form)
   */
  record Hyperband(int minIter, int eta, boolean strict, int maxIter, int s) implements EarlyTerminate {
    public Hyperband {
      if (minIter < 1 || eta < 2 || maxIter < 0 || s < 0 || (maxIter > 0) != (s > 0)) {
        throw new IllegalArgumentException("min_iter must be >= 1, eta >= 2, and max_iter and s go together");
      }
    }

    /** The {@code min_iter} form. */
    public Hyperband(int minIter, int eta, boolean strict) {
      this(minIter, eta, strict, 0, 0);
    }

    /**
     * The ladder of epochs for trials of at most {@code epochs} epochs, ascending: each bracket's rungs are a
     * tail of it, below {@link #top}. In the {@code min_iter} form every {@code min_iter * eta^k <= epochs}; in
     * the {@code max_iter} form W&B's bands and {@code max_iter} itself, those {@code <= epochs}.
     */
    public List<Integer> ladder(int epochs) {
      TreeSet<Integer> out = new TreeSet<>();
      if (maxIter == 0) {
        for (long r = minIter; r <= epochs; r *= eta) {
          out.add((int) r);
        }
      } else {
        double band = maxIter;
        for (int k = 0; k < s; k++) {
          band /= eta;
          if (band < 1) {
            break;
          }
          out.add((int) band);
        }
        out.add(maxIter);
        out.removeIf(e -> e > epochs);
      }
      return List.copyOf(out);
    }

    /**
     * The record's text, which goes into the spec's hash: in the {@code min_iter} form as it was before the
     * {@code max_iter} form existed, so a sweep started then resumes under the same hash.
     */
    @Override
    public String toString() {
      String text = "Hyperband[minIter=" + minIter + ", eta=" + eta + ", strict=" + strict;
      return maxIter == 0 ? text + "]" : text + ", maxIter=" + maxIter + ", s=" + s + "]";
    }

    /** Rungs lie below this epoch: the trial's epochs, or {@code max_iter} when smaller. */
    public int top(int epochs) {
      return maxIter == 0 ? epochs : Math.min(maxIter, epochs);
    }
  }

  /**
   * {@code {type: median, warmup_epochs, min_trials, startup_trials}} with Optuna MedianPruner's meaning: after
   * epoch {@code e > warmup_epochs}, once {@code startup_trials} trials have completed, a trial whose best value
   * so far is worse than the median of completed trials' values at epoch {@code e} is pruned (when at least
   * {@code min_trials} of them reported epoch {@code e}).
   */
  record Median(int warmupEpochs, int minTrials, int startupTrials) implements EarlyTerminate {
    public Median {
      if (warmupEpochs < 0 || minTrials < 1 || startupTrials < 0) {
        throw new IllegalArgumentException("warmup_epochs >= 0, min_trials >= 1, startup_trials >= 0");
      }
    }
  }
}
