package sweep.store;

import java.time.Instant;

/**
 * One {@code sweep best --promote} decision: whether the sweep's model became the production model, its metric
 * value and the one it was compared with (null when there was none), the production version written (null when
 * not promoted) and why.
 */
public record PromotionRecord(long id, long sweepId, long trialId, Instant at, boolean promoted, Double value,
    Double previousValue, String version, String message) {}
