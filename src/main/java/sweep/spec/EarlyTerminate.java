package sweep.spec;

/**
 * Cross-trial pruning ({@code early_terminate}): which pruner decides, after each epoch of a search trial, whether
 * the trial is stopped as PRUNED.
 */
public sealed interface EarlyTerminate {

  /** No cross-trial pruning (the key is absent). */
  record None() implements EarlyTerminate {}

  /**
   * {@code {type: hyperband, min_iter, eta, strict}}: asynchronous successive halving in hyperband brackets.
   * Rungs sit at {@code min_iter * eta^k} epochs; at a rung a trial goes on only if it is in the top {@code 1/eta}
   * of its bracket there. Not strict: a trial is judged by its best value up to the rung; strict: by the value at
   * the rung.
   */
  record Hyperband(int minIter, int eta, boolean strict) implements EarlyTerminate {
    public Hyperband {
      if (minIter < 1 || eta < 2) {
        throw new IllegalArgumentException("min_iter must be >= 1 and eta >= 2");
      }
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
