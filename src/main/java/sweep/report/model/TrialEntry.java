package sweep.report.model;

import com.fasterxml.jackson.annotation.JsonView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trial: what the store records of it, the state a person is shown ({@code INTERRUPTED} for a trial cut short
 * in a sweep that no longer runs), the marks the charts draw, and its learning curve.
 *
 * @param phase {@code search} or {@code retrain}
 * @param source the label of the search trial a retrain retrains, else null
 * @param marks what happened to it, of {@link #MARKS}
 * @param curve the sweep metric by epoch (null values: not finite)
 * <p>{@code id}, {@code seed}, {@code trialDir} and the times are in the JSON of {@code sweep report --json} but not
 * in what the HTML file embeds, which shows none of them.
 */
public record TrialEntry(@JsonView(ReportJson.Whole.class) long id, int number, String phase, String label,
    String state, String shownState, String reason, Map<String, Object> params,
    @JsonView(ReportJson.Whole.class) long seed, int epochs, Integer lastEpoch, Integer bestEpoch, Double bestValue,
    int attempts, String source, @JsonView(ReportJson.Whole.class) String trialDir,
    @JsonView(ReportJson.Whole.class) Instant startedAt, @JsonView(ReportJson.Whole.class) Instant endedAt,
    Set<String> marks, List<CurvePoint> curve) {
  /** Every mark, in the order a legend lists them. */
  public static final List<String> MARKS = List.of("pruned", "early-stopped", "failed", "retried", "out-of-memory",
      "heartbeat-killed", "interrupted");

  public TrialEntry {
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    marks = Set.copyOf(marks);
    curve = List.copyOf(curve);
  }

  public boolean retrain() {
    return "retrain".equals(phase);
  }
}
