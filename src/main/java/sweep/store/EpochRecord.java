package sweep.store;

import java.time.Instant;
import java.util.Map;

/** The metrics a trial reported for one epoch (NaN where a value was not a finite number). */
public record EpochRecord(int epoch, Map<String, Double> metrics, Instant at) {
  public EpochRecord {
    metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
  }
}
