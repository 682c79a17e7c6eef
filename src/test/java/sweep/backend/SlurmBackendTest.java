package sweep.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import sweep.spec.BackendSpec;
import sweep.testing.LocalSlurm;
import sweep.testing.NeedsPackage;

/** The backend contract for trials as jobs of a real two-node Slurm ({@link LocalSlurm}). */
@NeedsPackage("slurm-wlm")
@ExtendWith(LocalSlurm.class)
class SlurmBackendTest extends TrialBackendContract {

  /** How often the tests' backends look at their jobs. */
  static final Duration TICK = Duration.ofMillis(200);

  @Override
  TrialBackend backend(Path script, Path dir) {
    return new SlurmBackend(new BackendSpec.Slurm(null, null, null, List.of(), dir), 0,
        new TrialLauncher(script.toString(), "unused", List.of(), Map.of()), LocalSlurm.cluster().env(), TICK);
  }
}
