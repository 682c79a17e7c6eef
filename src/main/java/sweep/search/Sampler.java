package sweep.search;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Proposes the parameters of search trials.
 *
 * <p>Contract: {@link #propose} returns the searched parameters of trial {@code number} (0-based) and is
 * deterministic: the same spec, seed, number and history give the same map on any machine. Samplers that do not
 * learn ignore the history, so any trial can be re-proposed on its own (resume relies on the Store instead:
 * proposed parameters are recorded before a trial runs and never proposed again).
 */
public interface Sampler {

  /** Searched parameter values for trial {@code number}; constants and derived values are added by {@link SearchSpace}. */
  Map<String, Object> propose(int number, List<Observation> history);

  /** How many distinct trials this sampler can propose (grid), or empty when unbounded. */
  default OptionalInt capacity() {
    return OptionalInt.empty();
  }
}
