package sweep.schedule;

import java.time.Duration;
import java.util.Map;
import sweep.backend.LocalProcessBackend;
import sweep.backend.SlurmBackend;
import sweep.backend.SlurmJobs;
import sweep.backend.TrialBackend;
import sweep.backend.TrialLauncher;
import sweep.spec.BackendSpec;
import sweep.spec.SweepSpec;

/** The trial backend a spec's {@code backend:} section names. */
public final class Backends {
  private Backends() {}

  /** The backend for {@code spec}, its trials started as this JVM would start them ({@link TrialLauncher#current}). */
  public static TrialBackend forSpec(SweepSpec spec, Map<String, String> env) {
    TrialLauncher launcher = TrialLauncher.current(env);
    if (spec.backend() instanceof BackendSpec.Slurm slurm) {
      return new SlurmBackend(slurm, gpusPerJob(spec), launcher, SlurmJobs.clusterEnv(env), tick(env));
    }
    return new LocalProcessBackend(launcher);
  }

  /** The GPUs each of the spec's cluster jobs asks for: {@code gpus_per_trial}, none with {@code devices: cpu}. */
  static int gpusPerJob(SweepSpec spec) {
    return spec.devices().mode().equals("cpu") ? 0 : spec.devices().gpusPerTrial();
  }

  /** How often the jobs are looked at: {@code SWEEP_SLURM_TICK_MS} when set (tests), else the backend's default. */
  private static Duration tick(Map<String, String> env) {
    String ms = env.get("SWEEP_SLURM_TICK_MS");
    return ms != null && ms.matches("\\d{1,6}") && Long.parseLong(ms) > 0 ? Duration.ofMillis(Long.parseLong(ms))
        : SlurmBackend.TICK;
  }
}
