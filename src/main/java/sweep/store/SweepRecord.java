package sweep.store;

import java.time.Instant;
import sweep.spec.Goal;

/**
 * A sweep as stored. {@code bestTrialId} and {@code bestCheckpoint} are set when the sweep completes;
 * {@code drawsVersion} is the random-draw scheme it was started with (1 for sweeps older than the record of it).
 */
public record SweepRecord(
    long id,
    String name,
    String specFile,
    String specHash,
    String specJson,
    String metric,
    Goal goal,
    SweepState state,
    String reason,
    Long bestTrialId,
    String bestCheckpoint,
    Instant createdAt,
    Instant updatedAt,
    int drawsVersion) {}
