package sweep.backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a trial, as the orchestrator hands it to a {@link TrialBackend}.
 *
 * @param trialId the trial's id in the store
 * @param label how messages name it ({@code #3}, {@code retrain})
 * @param configFile its {@code trial.json}, already written
 * @param trialDir its run directory
 * @param log the file its log goes to (appended)
 * @param env environment for the trial: its devices and CPU threads
 * @param gpus the GPUs it was given (empty for CPU)
 * @param jvmOptions the task's options for the trial's JVM
 * @param sweep the sweep's name
 * @param attempt which attempt of the trial this is (1 for the first): with the sweep and the trial id, what a
 *     backend that submits jobs names a job by, so an attempt is never submitted twice
 */
public record TrialLaunch(long trialId, String label, Path configFile, Path trialDir, Path log,
    Map<String, String> env, List<Integer> gpus, List<String> jvmOptions, String sweep, int attempt) {

  public TrialLaunch {
    env = Map.copyOf(env);
    gpus = List.copyOf(gpus);
    jvmOptions = List.copyOf(jvmOptions);
  }
}
