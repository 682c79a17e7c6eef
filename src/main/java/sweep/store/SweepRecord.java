package sweep.store;

import java.time.Instant;
import sweep.spec.Goal;

/**
 * A sweep as stored. {@code bestTrialId} and {@code bestCheckpoint} are set when the sweep completes;
 * {@code drawsVersion} is the random-draw scheme it was started with (1 for sweeps older than the record of it);
 * {@code uid} is its identity, 128 random bits in hex, unique across databases (given to older sweeps by the schema
 * migration); {@code bestManifestSha256} is the SHA-256 of its best checkpoint's manifest as synced (null until then,
 * and for sweeps completed before it was recorded); {@code metricDefinition} is how its metric is measured
 * ({@code sweep.spec.MetricDefinition} as JSON; null for sweeps started before it was recorded, until resumed).
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
    int drawsVersion,
    String uid,
    String bestManifestSha256,
    String metricDefinition) {
  public SweepRecord(long id, String name, String specFile, String specHash, String specJson, String metric, Goal goal,
      SweepState state, String reason, Long bestTrialId, String bestCheckpoint, Instant createdAt, Instant updatedAt,
      int drawsVersion, String uid, String bestManifestSha256) {
    this(id, name, specFile, specHash, specJson, metric, goal, state, reason, bestTrialId, bestCheckpoint, createdAt,
        updatedAt, drawsVersion, uid, bestManifestSha256, null);
  }
}
