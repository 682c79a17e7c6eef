package sweep.report.model;

import java.time.Instant;
import java.util.Map;

/**
 * The data snapshot every trial trained on: where from, rows read and kept, the bad rows by reason (as the
 * summary names them) and the summary itself, and its hash.
 */
public record DataSummary(String source, String path, long items, long lines, Map<String, Long> badRowsByReason,
    String badRows, String hash, Instant at) {
  public DataSummary {
    badRowsByReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(badRowsByReason));
  }
}
