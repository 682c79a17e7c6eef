package sweep.spec;

/**
 * The metric a sweep optimises: its name as the task reports it, whether to maximise or minimise it, how its
 * numbers are measured (the spec's {@code source}, {@code evaluator} and {@code max_dets}, over the task's own
 * account of them), and what a search sampler learns from trials without a final value ({@code impute} for failed
 * trials, {@code imputeWhileRunning} for running ones; null: a failed trial is left out, a running one is a running
 * one, as in Optuna).
 */
public record MetricSpec(String name, Goal goal, MetricDefinition definition, Impute impute,
    Impute imputeWhileRunning) {
  public MetricSpec {
    definition = definition == null ? MetricDefinition.UNKNOWN : definition;
  }

  public MetricSpec(String name, Goal goal, MetricDefinition definition) {
    this(name, goal, definition, null, null);
  }

  public MetricSpec(String name, Goal goal) {
    this(name, goal, MetricDefinition.UNKNOWN);
  }

  /** The same metric measured as {@code d} says. */
  public MetricSpec withDefinition(MetricDefinition d) {
    return new MetricSpec(name, goal, d, impute, imputeWhileRunning);
  }

  /**
   * The metric as it goes into the spec's hash: {@code name:goal}, then {@code ,impute=W} and
   * {@code ,impute_while_running=W} when set (a spec without them hashes as before they existed).
   */
  public String canonical() {
    return name + ":" + goal.word() + (impute == null ? "" : ",impute=" + impute.word())
        + (imputeWhileRunning == null ? "" : ",impute_while_running=" + imputeWhileRunning.word());
  }
}
