package sweep.store;

import java.time.Instant;
import java.util.Map;

/**
 * A trial as stored. Best values refer to the sweep metric under the sweep's goal (ties keep the earlier epoch);
 * {@code bestCheckpoint} is the checkpoint written at the best epoch, if one was. {@code pid} and {@code location}
 * say where the current attempt runs (null when none runs); {@code location} is null too for trials made by hand.
 */
public record TrialRecord(
    long id,
    long sweepId,
    Phase phase,
    int number,
    TrialState state,
    String reason,
    Map<String, Object> params,
    long seed,
    int epochs,
    Long sourceTrialId,
    Integer bestEpoch,
    Double bestValue,
    Integer lastEpoch,
    Integer lastCheckpointEpoch,
    String lastCheckpoint,
    String bestCheckpoint,
    String trialDir,
    Long pid,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Instant heartbeatAt,
    TrialLocation location) {

  /** A trial with no recorded location (not started, or made by hand). */
  public TrialRecord(long id, long sweepId, Phase phase, int number, TrialState state, String reason,
      Map<String, Object> params, long seed, int epochs, Long sourceTrialId, Integer bestEpoch, Double bestValue,
      Integer lastEpoch, Integer lastCheckpointEpoch, String lastCheckpoint, String bestCheckpoint, String trialDir,
      Long pid, int attempts, Instant createdAt, Instant startedAt, Instant endedAt, Instant heartbeatAt) {
    this(id, sweepId, phase, number, state, reason, params, seed, epochs, sourceTrialId, bestEpoch, bestValue,
        lastEpoch, lastCheckpointEpoch, lastCheckpoint, bestCheckpoint, trialDir, pid, attempts, createdAt, startedAt,
        endedAt, heartbeatAt, null);
  }

  /** {@code #7} for search trials, {@code retrain} for the retrain trial. */
  public String label() {
    return phase == Phase.RETRAIN ? "retrain" : "#" + number;
  }

  /** The run directory's name under the sweep: {@code trial-0007} or {@code retrain}. */
  public String dirName() {
    return phase == Phase.RETRAIN ? "retrain" : String.format("trial-%04d", number);
  }
}
