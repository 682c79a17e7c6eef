package sweep.artifact;

import java.nio.file.Path;

/**
 * Where one sweep's files are, locally and in its artifact store; the one place that says so. Locally, under the
 * spec's {@code runs_dir}:
 *
 * <pre>
 * &lt;runs_dir&gt;/&lt;sweep&gt;/            the sweep's directory
 *   trial-0007/                 a search trial ({@link #trialDir}): trial.json, trial.log, checkpoint-N/, trainer_state.json
 *   retrain/                    the retrain
 *   best/                       the published checkpoint ({@link #best})
 *   data/                       a snapshot of remote data the trials read ({@link #data})
 *   tb/                         TensorBoard's event files, a run per trial ({@link #tensorBoard})
 * </pre>
 *
 * <p>In the artifact store the same tree is under {@code runs/<sweep>/} ({@link #key}), each name made a safe key
 * segment ({@link ArtifactStore#segment}); the spec is written there as {@code spec.json} first.
 *
 * @param runsDir the spec's {@code runs_dir}, absolute
 * @param sweep the sweep's name
 */
public record RunLayout(Path runsDir, String sweep) {
  /** A trial's config file name in its directory. */
  public static final String TRIAL_CONFIG = "trial.json";
  /** A trial's log file name in its directory. */
  public static final String TRIAL_LOG = "trial.log";

  public RunLayout {
    runsDir = runsDir.toAbsolutePath().normalize();
  }

  /** {@code <runs_dir>/<sweep>}. */
  public Path sweepDir() {
    return runsDir.resolve(sweep);
  }

  /** A trial's directory, from its {@code dirName} ({@code trial-0007}, {@code retrain}). */
  public Path trialDir(String dirName) {
    return sweepDir().resolve(dirName);
  }

  public Path best() {
    return sweepDir().resolve("best");
  }

  public Path data() {
    return sweepDir().resolve("data");
  }

  /** The TensorBoard log directory: {@code tensorboard --logdir} this shows the sweep. */
  public Path tensorBoard() {
    return sweepDir().resolve("tb");
  }

  /** The store key of a directory or file of the sweep: {@code trial-0003} to {@code runs/<sweep>/trial-0003}. */
  public String key(String name) {
    return sweepKey(sweep) + "/" + ArtifactStore.segment(name);
  }

  /** The store key of the published checkpoint: {@code runs/<sweep>/best}. */
  public String bestKey() {
    return key("best");
  }

  /** The store prefix of a sweep: {@code runs/<sweep>}. */
  public static String sweepKey(String sweep) {
    return "runs/" + ArtifactStore.segment(sweep);
  }

  /** The store key of a sweep's published checkpoint, known by name only (promotion reads it from there). */
  public static String bestKey(String sweep) {
    return sweepKey(sweep) + "/best";
  }
}
