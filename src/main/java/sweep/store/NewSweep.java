package sweep.store;

import sweep.spec.Goal;

/**
 * What is known of a sweep when it is created. {@code specJson} is the canonical expanded spec; {@code drawsVersion}
 * the random-draw scheme its trials are drawn with ({@code sweep.search.Draws.VERSION}); {@code metricDefinition}
 * how its metric is measured ({@code sweep.spec.MetricDefinition} as JSON), or null.
 */
public record NewSweep(String name, String specFile, String specHash, String specJson, String metric, Goal goal,
    int drawsVersion, String metricDefinition) {
  public NewSweep(String name, String specFile, String specHash, String specJson, String metric, Goal goal,
      int drawsVersion) {
    this(name, specFile, specHash, specJson, metric, goal, drawsVersion, null);
  }
}
