package sweep.train;

import java.util.List;
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

  /** JVM options for this task's trial processes (e.g. fast start-up for light tasks, heap for heavy ones). */
  default List<String> jvmOptions() {
    return List.of();
  }
}
