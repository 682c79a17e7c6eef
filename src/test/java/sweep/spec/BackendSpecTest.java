package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code backend:} as the loader reads it (its errors: the bad-spec corpus, 189 to 197). */
class BackendSpecTest {
  private static final String BASE = EarlyTerminateSpecTest.BASE;

  private static SweepSpec parse(String yaml) {
    return EarlyTerminateSpecTest.parse(yaml);
  }

  @Test
  void withoutABackendTrialsRunLocally() {
    assertThat(parse(BASE).backend()).isEqualTo(new BackendSpec.Local());
    assertThat(parse(BASE + "backend: {type: local}\n").backend()).isEqualTo(new BackendSpec.Local());
  }

  @Test
  void slurmTakesEveryKeyAndPutsRunsAndArtifactsInTheSharedDirectory() {
    SweepSpec spec = parse(BASE + """
        backend:
          type: slurm
          partition: gpu
          account: ml
          time_limit: 90m
          sbatch_args: [--qos=high, --cpus-per-task=4]
          shared_dir: /shared/sweeps/
        """);
    assertThat(spec.backend()).isEqualTo(new BackendSpec.Slurm("gpu", "ml", Duration.ofMinutes(90),
        List.of("--qos=high", "--cpus-per-task=4"), Path.of("/shared/sweeps")));
    assertThat(spec.runsDir()).isEqualTo("/shared/sweeps/runs");
    assertThat(spec.artifacts()).isEqualTo("/shared/sweeps");
    assertThat(parse(BASE + "runs_dir: /shared/sweeps/mine\nbackend: {type: slurm, shared_dir: /shared/sweeps}\n")
        .runsDir()).isEqualTo("/shared/sweeps/mine");
  }

  @Test
  void whereTrialsRunLeavesTheSpecHashAlone() {
    String runs = "runs_dir: /shared/runs\n";
    assertThat(parse(BASE + runs + "backend: {type: slurm, shared_dir: /shared}\n").hash())
        .isEqualTo(parse(BASE + runs).hash());
  }
}
