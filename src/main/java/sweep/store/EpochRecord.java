package sweep.store;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The metrics a trial reported for one epoch (NaN where a value was not a finite number). The optimizer steps the
 * trial had taken by the end of the epoch, when it reported them, are kept among the metrics under {@link #STEP}.
 */
public record EpochRecord(int epoch, Map<String, Double> metrics, Instant at) {
  /** The reserved metric name under which an epoch's optimizer step count is recorded (Hugging Face's log key). */
  public static final String STEP = "step";

  public EpochRecord {
    metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
  }

  /** The optimizer steps taken by the end of this epoch, if the trial reported them. */
  public OptionalLong step() {
    Double s = metrics.get(STEP);
    return s == null || !Double.isFinite(s) ? OptionalLong.empty() : OptionalLong.of(Math.round(s));
  }
}
