package sweep.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * of a remote table in {@code dataDir}), so all trials of the sweep see the same data. Not called again when
   * the sweep resumes: the store keeps what it returned.
   *
   * @param taskConfig the spec's task configuration
   * @param dataDir where the sweep keeps copies of its data ({@link sweep.artifact.RunLayout#data}); the task
   *     creates it if it writes there
   * @param env the environment (AWS settings and credentials for remote sources)
   * @return the configuration trials receive, and the data snapshot to record; by default the configuration as it
   *     is and no snapshot
   * @throws sweep.data.DataException for a bad row under the fail policy
   * @throws sweep.util.BadInputException for a source that cannot be read as given
   */
  default Prepared prepare(JsonNode taskConfig, Path dataDir, Map<String, String> env) throws IOException {
    return new Prepared(taskConfig, null);
  }

  /**
   * How to run a trial again after it ran out of memory: its parameters changed so it needs less (a smaller batch,
   * the same effective batch), with the change in words; empty when the task knows no way (then the attempt counts
   * as an ordinary failure). By default, none.
   */
  default Optional<Shrunk> shrinkForMemory(Map<String, Object> params) {
    return Optional.empty();
  }

  /**
   * The trial's effective batch (examples per optimizer step over all its {@code devices}), for the started event;
   * empty when the task has no such notion. By default, none.
   */
  default Optional<Long> effectiveBatch(Map<String, Object> params, int devices) {
    return Optional.empty();
  }

  /**
   * How far a trial run again from its provenance ({@code sweep reproduce}: the same parameters, seed, data and CPU
   * threads) may land from its recorded value at each epoch and still count as reproduced. By default 1e-4: a DJL
   * model's sums on another machine or library build differ in the last bits, which training amplifies a little; a
   * task that computes in plain Java says 0 (bit for bit).
   */
  default double reproductionTolerance() {
    return 1e-4;
  }

  /** JVM options for this task's trial processes (e.g. fast start-up for light tasks, heap for heavy ones). */
  default List<String> jvmOptions() {
    return List.of();
  }
}
