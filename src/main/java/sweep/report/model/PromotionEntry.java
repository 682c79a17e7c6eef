package sweep.report.model;

import java.time.Instant;

/** One promotion decision: the trial's model, promoted (with the version written) or refused, and why. */
public record PromotionEntry(Instant at, String trial, boolean promoted, Double value, Double previousValue,
    String version, String message) {}
