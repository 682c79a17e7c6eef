package sweep.store;

import java.util.Map;

/**
 * A trial to create in state PENDING. {@code number} is unique per sweep and phase; {@code sourceTrialId} is the
 * search trial whose parameters a retrain trial trains again (null for search trials).
 */
public record NewTrial(long sweepId, Phase phase, int number, Map<String, Object> params, long seed, int epochs,
    Long sourceTrialId) {
  public NewTrial {
    params = Map.copyOf(params);
  }
}
