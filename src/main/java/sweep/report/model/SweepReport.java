package sweep.report.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything a report of one sweep shows, read from the store once. Views render it and read nothing else.
 *
 * @param sweep the sweep itself
 * @param trials every trial, search trials by number then the retrain, each with its learning curve
 * @param history the search trials with a value, by number, with the best so far
 * @param parameters the searched parameters (those whose value differs between search trials), in spec order
 * @param importance each parameter's importance, most important first; empty until it is computed
 * @param timeline the attempts of every trial on the device slots
 * @param data the data snapshot the trials trained on, or null when the task has none
 * @param provenance how the sweep's model (or its best trial) was made, or null when no trial reported it
 * @param promotions the promotion decisions, oldest first
 * @param generatedAt when the report was built
 */
public record SweepReport(
    SweepSummary sweep,
    List<TrialEntry> trials,
    List<HistoryPoint> history,
    List<ParameterAxis> parameters,
    List<ParameterImportance> importance,
    Timeline timeline,
    DataSummary data,
    ProvenanceSummary provenance,
    List<PromotionEntry> promotions,
    Instant generatedAt) {
  public SweepReport {
    trials = List.copyOf(trials);
    history = List.copyOf(history);
    parameters = List.copyOf(parameters);
    importance = List.copyOf(importance);
    promotions = List.copyOf(promotions);
  }
}
