package sweep.spec;

/**
 * The metric a sweep optimises: its name as the task reports it, whether to maximise or minimise it, and how its
 * numbers are measured (the spec's {@code source}, {@code evaluator} and {@code max_dets}, over the task's own
 * account of them).
 */
public record MetricSpec(String name, Goal goal, MetricDefinition definition) {
  public MetricSpec {
    definition = definition == null ? MetricDefinition.UNKNOWN : definition;
  }

  public MetricSpec(String name, Goal goal) {
    this(name, goal, MetricDefinition.UNKNOWN);
  }
}
