package sweep.search;

import java.util.Map;

/**
 * What a sampler may learn from an earlier (or still running) search trial: its parameters, its state, the best
 * value of the sweep metric it reported so far (NaN if none) and the last epoch it reported (0 if none). Pruned
 * trials are observations too: their partial curves say how far they got and how good they were there.
 *
 * <p>{@code weight} scales the trial's part in a model fitted to the history: 1 for the sweep's own trials, the
 * spec's {@code warm_start.weight} for trials of earlier sweeps (which carry negative numbers, oldest first, so
 * that they sort before the sweep's own).
 */
public record Observation(int number, Map<String, Object> params, State state, double value, int epochs,
    double weight) {

  /** Where the trial stands. Failed trials are not observations. */
  public enum State { RUNNING, COMPLETE, PRUNED }

  public Observation {
    params = Map.copyOf(params);
    if (!(weight > 0)) {
      throw new IllegalArgumentException("weight must be > 0");
    }
  }

  /** One of the sweep's own trials: weight 1. */
  public Observation(int number, Map<String, Object> params, State state, double value, int epochs) {
    this(number, params, state, value, epochs, 1.0);
  }

  public boolean finished() {
    return state != State.RUNNING;
  }
}
