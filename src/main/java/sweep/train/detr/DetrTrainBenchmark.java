package sweep.train.detr;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import sweep.train.TrialParams;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.StepBenchmark;
import sweep.util.Json;

/**
 * Deformable DETR's training step as a trial from scratch takes it (the batch padded from its pages, forward, the
 * Hungarian loss with the auxiliary layers', backward, global-norm clipping at 0.1, AdamW in the trial's three
 * groups) timed on fixed random pages, for scripts/bench-detr.sh, in turn with the deformable sampling of one
 * step alone ({@link SamplingTimer}), so that other processes slow both alike. Prints one JSON line: steps per
 * second and the sampling's milliseconds (each of the median run), its share of a step, peak resident memory, the
 * minor page faults per timed step (memory the allocator took fresh from the kernel), the feature levels' sizes, and
 * how many steps (warm-up ones included) had gradients that were not finite and were not applied.
 *
 * <p>usage: DetrTrainBenchmark CONFIG_JSON BATCH HEIGHT WIDTH OBJECTS WARMUP_STEPS STEPS, with
 * CONFIG_JSON a Hugging Face {@code config.json} (its {@code id2label} gives the classes) and OBJECTS the boxes on
 * each page.
 */
public final class DetrTrainBenchmark {
  private DetrTrainBenchmark() {}

  public static void main(String[] a) throws Exception {
    TrialParams.applyCpuThreads();
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(a[0]));
    Run run = Run.of(a);
    int height = run.height();
    int width = run.width();
    List<PreparedImage> pages = pages(run.batch(), height, width, run.objects(), config.numLabels(),
        new SplittableRandom(7));
    Engine.getInstance().setRandomSeed(0);
    List<int[]> levels = SamplingTimer.levelShapes(config, height, width);
    double[] seconds;
    double peakRss;
    double faultsPerStep;
    int[] nonFinite = {0};
    try (Model model = Model.newInstance("bench", Device.cpu());
         NDManager samplingInputs = NDManager.newBaseManager()) {
      DeformableDetrModel block = new DeformableDetrModel(config, Map.of(), model.getNDManager(), 0, true);
      model.setBlock(block);
      DecoupledAdamW optimizer = DetectionTask.optimizer(block, step -> 5e-4, 0.4, 1e-4);
      DetectionFamily family = new DetectionFamily(config, ImageSizing.forImageSize(Math.min(height, width)), null,
          null);
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
        trainer.initialize(new Shape(1, 3, 64, 64), new Shape(1, 64, 64));
        List<Parameter> trainable = StepBenchmark.trainable(block.parametersByName());
        Runnable step = () -> {
          boolean applied = StepBenchmark.trainStep(trainer, m -> {
            DetrBatch b = family.batch(pages, m);
            return family.loss(trainer.forward(family.inputs(b)), b);
          }, trainable, optimizer, 0.1);
          nonFinite[0] += applied ? 0 : 1;
        };
        Runnable sampling = SamplingTimer.oneStep(config, run.batch(), levels, samplingInputs);
        for (int i = 0; i < run.warmup(); i++) {
          step.run();
          sampling.run();
        }
        long faults = StepBenchmark.minorFaults();
        seconds = StepBenchmark.secondsPerCall(0, run.steps(), step, sampling);
        faultsPerStep = (StepBenchmark.minorFaults() - faults) / (double) run.steps();
        peakRss = StepBenchmark.peakRssMb();
      }
    }
    System.out.printf("{\"steps_per_second\": %.4f, \"peak_rss_mb\": %.1f, \"levels\": \"%s\", "
        + "\"sampling_ms\": %.2f, \"step_ms\": %.2f, \"sampling_share\": %.4f, \"minor_faults_per_step\": %.0f, "
        + "\"non_finite_steps\": %d}%n", 1 / seconds[0], peakRss,
        levels.stream().map(l -> l[0] + "x" + l[1]).collect(Collectors.joining(",")), seconds[1] * 1e3,
        seconds[0] * 1e3, seconds[1] / seconds[0], faultsPerStep, nonFinite[0]);
  }

  /** The command line's numbers. */
  private record Run(int batch, int height, int width, int objects, int warmup, int steps) {
    static Run of(String[] a) {
      int[] n = Arrays.stream(a, 1, 7).mapToInt(Integer::parseInt).toArray();
      return new Run(n[0], n[1], n[2], n[3], n[4], n[5]);
    }
  }

  /**
   * {@code count} pages of {@code height x width} normal random pixels, each with {@code objects} boxes of random
   * classes, sides 2-20% of the page's, wholly on it.
   */
  static List<PreparedImage> pages(int count, int height, int width, int objects, int classes,
      SplittableRandom random) {
    List<PreparedImage> pages = new ArrayList<>();
    PixelSize size = new PixelSize(height, width);
    for (int page = 0; page < count; page++) {
      float[] pixels = new float[3 * height * width];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextGaussian();
      }
      int[] labels = new int[objects];
      float[] boxes = new float[objects * 4];
      for (int k = 0; k < objects; k++) {
        labels[k] = random.nextInt(classes);
        float w = (float) random.nextDouble(0.02, 0.2);
        float h = (float) random.nextDouble(0.02, 0.2);
        boxes[4 * k] = (float) random.nextDouble(w / 2, 1 - w / 2);
        boxes[4 * k + 1] = (float) random.nextDouble(h / 2, 1 - h / 2);
        boxes[4 * k + 2] = w;
        boxes[4 * k + 3] = h;
      }
      pages.add(new PreparedImage(page + 1, size, size, pixels, new DetectionTarget(labels, boxes)));
    }
    return pages;
  }
}
