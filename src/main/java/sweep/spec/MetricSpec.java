package sweep.spec;

/** The metric a sweep optimises: its name as the task reports it, and whether to maximise or minimise it. */
public record MetricSpec(String name, Goal goal) {}
