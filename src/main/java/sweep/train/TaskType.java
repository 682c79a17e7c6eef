package sweep.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import sweep.spec.TaskSchema;

/**
 * A kind of trial (benchmark curves, a user's command, a DJL model...). Registered in
 * {@code META-INF/services/sweep.train.TaskType}; the orchestrator knows task types only through this interface.
 *
 * <p>{@link #run} executes inside the trial's own JVM. It must report every epoch through
 * {@link TrialContext#reportEpoch} (or {@link TrialContext#reportEpochNoWait} when it cannot pause), stop
 * promptly when a report answers stop or {@link TrialContext#stopRequested()} turns true, and resume from
 * {@link TrialContext#resumeCheckpoint()} when one is given. Returning normally means success; throwing means
 * the trial failed, and the exception's message is recorded.
 */
public interface TaskType extends TaskSchema {

  /** For trials that do little work in Java: start fast rather than compile hard. */
  List<String> FAST_START_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  void run(TrialContext context) throws Exception;

  /**
   * Runs once per sweep in the orchestrator, before the first trial: fixes what every trial reads (e.g. a snapshot
   * of a remote table under {@code sweepDir}), so all trials of the sweep see the same data. Not called again when
   * the sweep resumes: the store keeps what it returned.
   *
   * @param taskConfig the spec's task configuration
   * @param sweepDir the sweep's local run directory ({@code <runs_dir>/<sweep>})
   * @param env the environment (AWS settings and credentials for remote sources)
   * @return the configuration trials receive, and the data snapshot to record; by default the configuration as it
   *     is and no snapshot
   * @throws sweep.data.DataException for a bad row under the fail policy
   * @throws sweep.util.BadInputException for a source that cannot be read as given
   */
  default Prepared prepare(JsonNode taskConfig, Path sweepDir, Map<String, String> env) throws IOException {
    return new Prepared(taskConfig, null);
  }

  /** JVM options for this task's trial processes (e.g. fast start-up for light tasks, heap for heavy ones). */
  default List<String> jvmOptions() {
    return List.of();
  }
}
