package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.train.TaskTypes;

/** {@code warm_start} and {@code initial_trials} as the loader reads them. */
class WarmStartSpecTest {
  @TempDir Path dir;

  private SweepSpec load(String extra) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, """
        name: s
        task: benchmark
        benchmark: {problem: batch-lr}
        metric: {name: val_score, goal: maximize}
        run_cap: 4
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
          per_device_train_batch_size: {values: [8, 16]}
          layers: {distribution: int_uniform, min: 1, max: 4}
        trial: {epochs: 3}
        """ + extra);
    return new SpecLoader(Map.of(), TaskTypes.all()).load(file);
  }

  @Test
  void absentBothAreOffAndTheHashIsTheOneWithoutThem() throws Exception {
    SweepSpec plain = load("");
    assertThat(plain.warmStart()).isEqualTo(WarmStart.NONE);
    assertThat(plain.warmStart().enabled()).isFalse();
    assertThat(plain.initialTrials()).isEqualTo(InitialTrials.NONE);
    assertThat(plain.canonicalJson()).doesNotContain("warm_start", "initial_trials");
    assertThat(load("warm_start: {from: previous}\n").hash()).isNotEqualTo(plain.hash());
  }

  @Test
  void warmStartTakesPreviousOrSweepNamesWithAWeightOfHalfByDefault() throws Exception {
    WarmStart previous = load("warm_start: {from: previous}\n").warmStart();
    assertThat(previous.previous()).isTrue();
    assertThat(previous.weight()).isEqualTo(WarmStart.DEFAULT_WEIGHT).isEqualTo(0.75);
    assertThat(load("warm_start: {from: 'a, b', weight: 0.2}\n").warmStart())
        .isEqualTo(new WarmStart(List.of("a", "b"), 0.2));
    assertThat(load("warm_start: {from: [a, b]}\n").warmStart().from()).containsExactly("a", "b");
  }

  @Test
  void initialTrialsKeepTheirOrderAndTakeTheSamplersTypes() throws Exception {
    InitialTrials it = load("""
        initial_trials:
          - {learning_rate: 1, per_device_train_batch_size: 16, layers: 2.0}
          - {learning_rate: 3.0e-5}
        """.replace("1,", "0.001,")).initialTrials();
    assertThat(it.production()).isFalse();
    assertThat(it.trials()).containsExactly(
        Map.of("learning_rate", 0.001, "per_device_train_batch_size", 16L, "layers", 2L),
        Map.of("learning_rate", 3.0e-5));
    assertThat(load("initial_trials: production\n").initialTrials())
        .isEqualTo(new InitialTrials(true, List.of()));
  }
}
