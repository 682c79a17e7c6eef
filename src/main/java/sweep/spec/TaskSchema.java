package sweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * What the spec loader needs to know of a task type: the top-level keys it owns, how to validate them, and
 * which metrics it reports. Task types are found through {@link java.util.ServiceLoader}, so a new one plugs in
 * without changes to the loader or the orchestrator.
 */
public interface TaskSchema {

  /** The value of {@code task:} that selects this type, e.g. {@code benchmark}. */
  String name();

  /** Top-level keys of the spec that belong to this task (e.g. {@code command}); validated by {@link #configure}. */
  Set<String> specKeys();

  /**
   * Validates this task's keys in the spec and returns its configuration as JSON, with environment variables
   * expanded. Errors are thrown as {@link SpecException} from the offending node.
   *
   * @param root the spec's root mapping
   * @param parameters names of all trial parameters (searched, constant and derived)
   */
  JsonNode configure(SpecNode root, Set<String> parameters);

  /** The metrics this task reports under the given configuration, or empty when only a run can tell. */
  Optional<Set<String>> reportedMetrics(JsonNode config);

  /**
   * How this task's trials measure {@code metric} (what produces the numbers, which evaluator, at how many detections
   * per image), as far as the task knows; the spec's {@code metric.source}, {@code evaluator} and {@code max_dets}
   * override it. By default, nothing is known.
   */
  default MetricDefinition metricDefinition(com.fasterxml.jackson.databind.JsonNode taskConfig, String metric) {
    return MetricDefinition.UNKNOWN;
  }

}
