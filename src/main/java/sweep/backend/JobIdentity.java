package sweep.backend;

import java.nio.file.Path;

/**
 * What a trial attempt's Slurm job carries so that it can be found again without its job id: the job's name and
 * comment both name the sweep, the trial and the attempt, and the comment also the trial's directory (two sweeps of
 * one name in different run directories are different sweeps). A job is the attempt only if both match.
 *
 * @param sweep the sweep's name (letters, digits, {@code . _ -}: the spec's rule)
 * @param trialId the trial's id in the store
 * @param attempt the attempt's number, from 1
 * @param trialDir the trial's run directory
 */
record JobIdentity(String sweep, long trialId, int attempt, Path trialDir) {

  static JobIdentity of(TrialLaunch launch) {
    return new JobIdentity(launch.sweep(), launch.trialId(), launch.attempt(),
        launch.trialDir().toAbsolutePath().normalize());
  }

  /** {@code sweep.NAME.tID.aN}: what {@code squeue --name} and {@code sacct --name} find it by. */
  String name() {
    return "sweep." + sweep + ".t" + trialId + ".a" + attempt;
  }

  /** {@code sweep=NAME trial=ID attempt=N dir=DIR}. */
  String comment() {
    return "sweep=" + sweep + " trial=" + trialId + " attempt=" + attempt + " dir=" + trialDir;
  }

  /** Whether a job with this name and comment is this attempt. */
  boolean matches(String jobName, String jobComment) {
    return name().equals(jobName) && comment().equals(jobComment);
  }
}
