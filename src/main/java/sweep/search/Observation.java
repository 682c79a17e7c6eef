package sweep.search;

import java.util.Map;

/**
 * What a sampler may learn from an earlier (or still running) search trial: its parameters, its state, the best
 * value of the sweep metric it reported so far (NaN if none) and the last epoch it reported (0 if none). Pruned
 * trials are observations too: their partial curves say how far they got and how good they were there.
 */
public record Observation(int number, Map<String, Object> params, State state, double value, int epochs) {

  /** Where the trial stands. Failed trials are not observations. */
  public enum State { RUNNING, COMPLETE, PRUNED }

  public Observation {
    params = Map.copyOf(params);
  }

  public boolean finished() {
    return state != State.RUNNING;
  }
}
