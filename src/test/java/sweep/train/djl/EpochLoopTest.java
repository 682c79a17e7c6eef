package sweep.train.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.protocol.TrialConfig;
import sweep.train.TrialContext;
import sweep.util.Json;

/**
 * The shared loop on a family that is not LayoutLM (least squares with a linear layer): the weight average is
 * evaluated and published while the trained weights are kept for resuming, a resumed run reproduces the
 * uninterrupted curve exactly with the average on, and parameter groups train at their own rates.
 */
class EpochLoopTest {
  @TempDir Path dir;

  record Example(float[] x, float y) {}

  record Batch(NDList inputs, NDArray target) {}

  /** y = 2 x0 - x1 + 0.5 with a little noise, seeded. */
  static List<Example> data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float a = (float) r.nextDouble(-1, 1);
      float b = (float) r.nextDouble(-1, 1);
      out.add(new Example(new float[] {a, b}, (float) (2 * a - b + 0.5 + 0.01 * r.nextGaussian())));
    }
    return out;
  }

  static class LeastSquares implements TrainingFamily<Example, Batch> {
    @Override
    public Batch batch(List<Example> examples, NDManager manager) {
      float[] x = new float[examples.size() * 2];
      float[] y = new float[examples.size()];
      for (int i = 0; i < examples.size(); i++) {
        System.arraycopy(examples.get(i).x(), 0, x, 2 * i, 2);
        y[i] = examples.get(i).y();
      }
      return new Batch(new NDList(manager.create(x, new Shape(examples.size(), 2))),
          manager.create(y, new Shape(examples.size(), 1)));
    }

    @Override
    public NDList inputs(Batch batch) {
      return batch.inputs();
    }

    @Override
    public NDArray loss(NDList outputs, Batch batch) {
      NDArray d = outputs.singletonOrThrow().sub(batch.target());
      return d.mul(d).mean();
    }

    @Override
    public Evaluator<Example, Batch> evaluator() {
      return new Evaluator<>() {
        double sum;
        int n;

        @Override
        public void accept(List<Example> examples, Batch batch, NDList outputs) {
          NDArray d = outputs.singletonOrThrow().sub(batch.target());
          sum += d.mul(d).sum().getFloat();
          n += examples.size();
        }

        @Override
        public Map<String, Double> metrics() {
          return Map.of("val_mse", sum / n);
        }

        @Override
        public String report() {
          return "mse " + (sum / n) + "\n";
        }
      };
    }

    @Override
    public void writeCheckpointFiles(Path d) throws IOException {
      Files.writeString(d.resolve("config.json"), "{\"model_type\": \"least-squares\"}");
    }
  }

  /**
   * Least squares whose loss, for the batches {@code poisoned} picks, gains a term of value 0 and gradient NaN
   * ({@code sqrt(0 * prediction)}): a finite loss with gradients that are not, as a numerical fault in a backward
   * pass gives.
   */
  static final class NanGradient extends LeastSquares {
    private final java.util.function.Predicate<Float> poisoned;

    NanGradient(java.util.function.Predicate<Float> poisoned) {
      this.poisoned = poisoned;
    }

    @Override
    public NDArray loss(NDList outputs, Batch batch) {
      NDArray loss = super.loss(outputs, batch);
      return poisoned.test(batch.target().getFloat(0, 0))
          ? loss.add(outputs.singletonOrThrow().mul(0).sqrt().sum()) : loss;
    }
  }

  /** Runs the loop in this JVM; answers stop after epoch {@code stopAfter}; returns each epoch's metrics. */
  private Map<Integer, Map<String, Double>> train(Path trialDir, Double averageDecay, int stopAfter, String resume,
      Integer bestEpoch, Double bestValue, double backboneRateScale) throws Exception {
    return train(trialDir, averageDecay, stopAfter, resume, bestEpoch, bestValue, backboneRateScale,
        new LeastSquares());
  }

  private Map<Integer, Map<String, Double>> train(Path trialDir, Double averageDecay, int stopAfter, String resume,
      Integer bestEpoch, Double bestValue, double backboneRateScale, LeastSquares family) throws Exception {
    Files.createDirectories(trialDir);
    Map<Integer, Map<String, Double>> epochs = new TreeMap<>();
    TrialConfig config = new TrialConfig("s", 1, "search", 0, "test", Json.tree("{}"), Map.of(), 7, 4, "val_mse",
        "minimize", trialDir.toString(), resume, 0, 30, bestEpoch, bestValue);
    TrialContext ctx = new Context(config, trialDir, resume, epochs, stopAfter);
    List<Example> train = data(48, 1);
    List<Example> val = data(16, 2);
    LoopSettings settings = new LoopSettings(8, 2, 1.0, 16, "report.txt");
    try (Model model = Model.newInstance("least-squares")) {
      Engine.getInstance().setRandomSeed(7);
      model.setBlock(Linear.builder().setUnits(1).build());
      Map<String, String> nameById = new HashMap<>();
      Map<String, Parameter> parameters = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
        parameters.put(p.getKey(), p.getValue());
        nameById.put(p.getValue().getId(), p.getKey());
      }
      LinearWarmup schedule = LinearWarmup.of(0.05, 0.1, settings.stepsPerEpoch(train.size()) * 4);
      DecoupledAdamW.Group main = new DecoupledAdamW.Group("main", schedule, 0.01);
      DecoupledAdamW.Group slow = new DecoupledAdamW.Group("slow", k -> schedule.applyAsDouble(k) * backboneRateScale,
          0.0);
      DecoupledAdamW optimizer = new DecoupledAdamW(nameById, name -> name.equals("bias") ? slow : main);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
        trainer.initialize(new Shape(1, 2));
        Map<String, NDArray> weights = new LinkedHashMap<>();
        parameters.forEach((k, p) -> weights.put(k, p.getArray()));
        ExponentialMovingAverage average = averageDecay == null ? null
            : new ExponentialMovingAverage(averageDecay, 0, weights, model.getNDManager());
        int first = 1;
        if (resume != null) {
          TrainingCheckpoint.Loaded loaded = TrainingCheckpoint.load(Path.of(resume), model.getNDManager());
          parameters.forEach((k, p) -> p.getArray().set(loaded.weights().get(k).toFloatArray()));
          optimizer.restore(loaded.optimizer(), loaded.state().optimizerStep(), weights);
          if (average != null) {
            average.restore(loaded.average(), loaded.state().averageUpdates());
          }
          first = loaded.state().epoch() + 1;
        }
        new EpochLoop<>(ctx, family, settings, train, val).run(trainer, parameters, optimizer, average,
            first, 4, 7);
      }
    }
    return epochs;
  }

  @Test
  void theAverageIsEvaluatedAndPublishedAndAResumeReproducesTheCurve() throws Exception {
    Map<Integer, Map<String, Double>> whole = train(dir.resolve("whole"), 0.8, 99, null, null, null, 1.0);
    assertThat(whole.keySet()).containsExactly(1, 2, 3, 4);
    Path last = dir.resolve("whole").resolve("checkpoint-4");
    assertThat(last.resolve(TrainingCheckpoint.TRAINING_WEIGHTS)).exists();
    assertThat(last.resolve("config.json")).exists();
    assertThat(last.resolve("report.txt")).exists();
    JsonNode state = Json.tree(Files.readString(last.resolve(TrainingCheckpoint.STATE)));
    assertThat(state.path("average_updates").asLong()).as("1 + one update per optimizer step")
        .isEqualTo(1 + state.path("optimizer_step").asLong());
    try (NDManager m = NDManager.newBaseManager()) {
      var published = Safetensors.read(last.resolve(TrainingCheckpoint.WEIGHTS), m);
      var trained = Safetensors.read(last.resolve(TrainingCheckpoint.TRAINING_WEIGHTS), m);
      assertThat(published.get("weight").toFloatArray()).isNotEqualTo(trained.get("weight").toFloatArray());
      // what was evaluated is the average: its MSE on the validation data is the reported val_mse
      float[] w = published.get("weight").toFloatArray();
      float b = published.get("bias").toFloatArray()[0];
      double sum = 0;
      for (Example e : data(16, 2)) {
        double d = (w[0] * e.x()[0] + w[1] * e.x()[1] + b) - e.y();
        sum += d * d;
      }
      assertThat(whole.get(4).get("val_mse")).isCloseTo(sum / 16, org.assertj.core.data.Offset.offset(1e-6));
    }
    // only the best and the latest checkpoint stay
    try (var list = Files.list(dir.resolve("whole"))) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")))
          .hasSizeLessThanOrEqualTo(2).contains("checkpoint-4");
    }

    Map<Integer, Map<String, Double>> cut = train(dir.resolve("cut"), 0.8, 2, null, null, null, 1.0);
    assertThat(cut.keySet()).containsExactly(1, 2);
    Map<Integer, Map<String, Double>> rest = train(dir.resolve("cut"), 0.8, 99,
        dir.resolve("cut").resolve("checkpoint-2").toString(), 2, cut.get(2).get("val_mse"), 1.0);
    assertThat(rest.keySet()).containsExactly(3, 4);
    for (int e : List.of(3, 4)) {
      for (String k : List.of("val_mse", "train_loss", "learning_rate")) {
        assertThat(rest.get(e).get(k)).as("epoch %d %s", e, k).isEqualTo(whole.get(e).get(k));
      }
    }
  }

  @Test
  void aParameterGroupTrainsAtItsOwnRate() throws Exception {
    train(dir.resolve("frozen"), null, 99, null, null, null, 0.0);
    try (NDManager m = NDManager.newBaseManager()) {
      var frozen = Safetensors.read(dir.resolve("frozen").resolve("checkpoint-4").resolve("model.safetensors"), m);
      train(dir.resolve("free"), null, 99, null, null, null, 1.0);
      var free = Safetensors.read(dir.resolve("free").resolve("checkpoint-4").resolve("model.safetensors"), m);
      // a rate of 0 leaves the bias where initialisation put it (0), while the weight trains as before
      assertThat(frozen.get("bias").toFloatArray()[0]).isEqualTo(0f);
      assertThat(free.get("bias").toFloatArray()[0]).isNotEqualTo(0f);
      assertThat(frozen.get("weight").toFloatArray()[0]).isNotEqualTo(0f);
    }
  }

  @Test
  void aStepWithGradientsThatAreNotFiniteIsSkippedAndTheWeightsStayFinite() throws Exception {
    Map<Integer, Map<String, Double>> clean = train(dir.resolve("clean"), 0.8, 99, null, null, null, 1.0);
    Map<Integer, Map<String, Double>> faulty = train(dir.resolve("faulty"), 0.8, 99, null, null, null, 1.0,
        new NanGradient(y -> y > 2.2f));
    assertThat(faulty.keySet()).as("%s", faulty).containsExactly(1, 2, 3, 4);
    double skipped = faulty.values().stream().mapToDouble(m -> m.getOrDefault("skipped_steps", 0.0)).sum();
    assertThat(skipped).as("some batches start with a target above 2.2").isPositive();
    assertThat(clean.values()).allSatisfy(m -> assertThat(m).doesNotContainKey("skipped_steps"));
    for (Map<String, Double> m : faulty.values()) {
      assertThat(m.get("train_loss")).isFinite();
      assertThat(m.get("val_mse")).isFinite();
    }
    // the skipped steps cost some progress but the model still learns the line
    assertThat(faulty.get(4).get("val_mse")).isLessThan(faulty.get(1).get("val_mse"));
    try (NDManager m = NDManager.newBaseManager()) {
      var trained = Safetensors.read(dir.resolve("faulty").resolve("checkpoint-4")
          .resolve(TrainingCheckpoint.TRAINING_WEIGHTS), m);
      for (NDArray w : trained.values()) {
        for (float v : w.toFloatArray()) {
          assertThat(v).isFinite();
        }
      }
    }
  }

  @Test
  void anEpochInWhichEveryStepHadGradientsThatAreNotFiniteHasDiverged() throws Exception {
    Map<Integer, Map<String, Double>> epochs = train(dir.resolve("nan"), null, 99, null, null, null, 1.0,
        new NanGradient(y -> true));
    assertThat(epochs.keySet()).containsExactly(1);
    assertThat(epochs.get(1)).containsOnlyKeys("train_loss");
    assertThat(epochs.get(1).get("train_loss")).isNaN();
  }

  /** An in-process context: records reports, answers stop after an epoch. */
  private record Context(TrialConfig config, Path trialDir, String resume, Map<Integer, Map<String, Double>> epochs,
      int stopAfter) implements TrialContext {
    @Override
    public Optional<Path> resumeCheckpoint() {
      return Optional.ofNullable(resume).map(Path::of);
    }

    @Override
    public void dataHash(String hash) {}

    @Override
    public boolean reportEpoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint) {
      epochs.put(epoch, metrics);
      return epoch < stopAfter;
    }

    @Override
    public void reportEpochNoWait(int epoch, Map<String, Double> metrics, String checkpoint) {
      epochs.put(epoch, metrics);
    }

    @Override
    public void progress() {}

    @Override
    public void reportCheckpoint(int epoch, String checkpoint) {}

    @Override
    public boolean stopRequested() {
      return false;
    }

    @Override
    public void onStop(Runnable action) {}
  }
}
