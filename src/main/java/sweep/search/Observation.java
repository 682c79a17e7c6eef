package sweep.search;

import java.util.Map;

/**
 * What a sampler may learn from an earlier trial: its parameters, the best value of the sweep metric so far
 * (NaN if none) and whether it has finished.
 */
public record Observation(int number, Map<String, Object> params, double value, boolean finished) {
  public Observation {
    params = Map.copyOf(params);
  }
}
