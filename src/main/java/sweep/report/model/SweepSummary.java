package sweep.report.model;

import java.time.Instant;
import java.util.Map;

/**
 * A sweep as the report heads it: its state, metric and spec, and its search trials counted by state (lower-case
 * state words, every state present).
 */
public record SweepSummary(String name, String state, String reason, String metric, String goal, String specFile,
    String specHash, Instant createdAt, Instant updatedAt, Map<String, Integer> searchTrials) {
  public SweepSummary {
    searchTrials = Map.copyOf(searchTrials);
  }
}
