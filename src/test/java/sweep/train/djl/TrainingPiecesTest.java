package sweep.train.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPiecesTest {

  @Test
  void clippingScalesTheGradientsThemselvesToTheMaximumNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3});
      NDArray b = m.create(new float[] {4, 5});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        c.backward(a.mul(a).sum().add(b.mul(3).sum()));
      }
      // gradients: 2a = (2, 4, 6) and (3, 3): norm sqrt(4 + 16 + 36 + 9 + 9) = sqrt(74)
      double norm = GradientClipping.clip(List.of(a.getGradient(), b.getGradient()), 1.0);
      assertThat(norm).isCloseTo(Math.sqrt(74), Offset.offset(1e-5));
      float[] ga = a.getGradient().toFloatArray();
      float[] gb = b.getGradient().toFloatArray();
      double after = 0;
      for (float v : ga) {
        after += v * v;
      }
      for (float v : gb) {
        after += v * v;
      }
      assertThat(Math.sqrt(after)).as("a fresh handle sees the clipped gradient").isCloseTo(1.0, Offset.offset(1e-5));
      assertThat(ga[0] / ga[1]).isCloseTo(0.5f, Offset.offset(1e-6f));
      assertThat(GradientClipping.clip(List.of(a.getGradient()), 10.0)).as("below the maximum: untouched")
          .isLessThan(1.0);
    }
  }

  @Test
  void linearWarmupMatchesTheHuggingFaceSchedule() {
    LinearWarmup s = LinearWarmup.of(1e-3, 0.1, 100);
    assertThat(s.warmupSteps()).isEqualTo(10);
    assertThat(s.applyAsDouble(0)).isZero();
    assertThat(s.applyAsDouble(5)).isCloseTo(5e-4, Offset.offset(1e-12));
    assertThat(s.applyAsDouble(10)).isCloseTo(1e-3, Offset.offset(1e-12));
    assertThat(s.applyAsDouble(55)).isCloseTo(5e-4, Offset.offset(1e-12));
    assertThat(s.applyAsDouble(100)).isZero();
    assertThat(LinearWarmup.of(1e-3, 0.0, 100).applyAsDouble(0)).isEqualTo(1e-3);
    assertThat(LinearWarmup.of(1e-3, 0.05, 30).warmupSteps()).as("ceil(1.5)").isEqualTo(2);
  }

  @Test
  void adamWDecaysWeightsButNotBiasesAndItsStateRoundTrips() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2});
      NDArray bias = m.create(new float[] {1, 2});
      DecoupledAdamW opt = new DecoupledAdamW(step -> 0.1, 0.5, java.util.Map.of("w-id", "x.weight", "b-id",
          "x.bias"), java.util.Set.of("x.bias"));
      opt.update("w-id", w, m.zeros(new Shape(2)));
      opt.update("b-id", bias, m.zeros(new Shape(2)));
      opt.advance();
      // zero gradient: Adam's step is 0; decoupled decay multiplies by 1 - lr * wd = 0.95
      assertThat(w.toFloatArray()).containsExactly(0.95f, 1.9f);
      assertThat(bias.toFloatArray()).containsExactly(1f, 2f);
      opt.update("w-id", w, m.create(new float[] {1, -1}));
      opt.advance();
      var state = opt.state();
      assertThat(state).containsKeys("exp_avg.x.weight", "exp_avg_sq.x.weight", "exp_avg.x.bias");
      assertThat(state.get("exp_avg.x.weight").toFloatArray()).containsExactly(new float[] {0.1f, -0.1f}, org.assertj.core.data.Offset.offset(1e-6f));

      NDArray w2 = w.duplicate();
      DecoupledAdamW restored = new DecoupledAdamW(step -> 0.1, 0.5, java.util.Map.of("w-id", "x.weight"),
          java.util.Set.of());
      restored.restore(state, opt.step(), java.util.Map.of("x.weight", w2, "x.bias", bias));
      assertThat(restored.step()).isEqualTo(2);
      NDArray g = m.create(new float[] {0.5f, 0.25f});
      opt.update("w-id", w, g);
      restored.update("w-id", w2, g);
      assertThat(w2.toFloatArray()).containsExactly(w.toFloatArray());
    }
  }
  @Test
  void aCheckpointKeepsTrainingOnlyTensorsApartAndReadsAnOldOneWithout(@TempDir Path dir) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> weights = Map.of("a.weight", m.create(new float[] {1, 2}));
      Map<String, NDArray> own = Map.of("denoising.x", m.create(new float[] {3}));
      TrainingCheckpoint.State state = new TrainingCheckpoint.State(2, 7, 5);
      TrainingCheckpoint.save(dir.resolve("with"), weights, own, null, null, state, d -> { }, null, null);
      TrainingCheckpoint.save(dir.resolve("without"), weights, null, null, state, d -> { }, null, null);
      assertThat(Safetensors.read(dir.resolve("with").resolve(TrainingCheckpoint.WEIGHTS), m)).containsOnlyKeys(
          "a.weight");
      TrainingCheckpoint.Loaded with = TrainingCheckpoint.load(dir.resolve("with"), m);
      assertThat(with.trainingOnly()).containsOnlyKeys("denoising.x");
      assertThat(with.trainingOnly().get("denoising.x").toFloatArray()).containsExactly(3f);
      assertThat(Files.exists(dir.resolve("without").resolve(TrainingCheckpoint.TRAINING_ONLY))).isFalse();
      assertThat(TrainingCheckpoint.load(dir.resolve("without"), m).trainingOnly()).isEmpty();
    }
  }
}
