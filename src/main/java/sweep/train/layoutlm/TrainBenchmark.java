package sweep.train.layoutlm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.StepBenchmark;

/**
 * The training step of a trial (forward, loss, backward, global-norm clipping, AdamW) timed on fixed random
 * batches, for scripts/bench-train.sh. Prints one JSON line: steps per second and peak resident memory.
 *
 * <p>usage: TrainBenchmark HIDDEN LAYERS HEADS INTERMEDIATE BATCH SEQ WARMUP_STEPS STEPS, or TrainBenchmark matmul
 * (the GFLOP/s of a 512 x 512 float matrix product, {@link StepBenchmark#matmulGflops}, to tell the two sides'
 * math libraries apart).
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] a) throws Exception {
    if (a[0].equals("matmul")) {
      System.out.printf("{\"gflops\": %.1f}%n", StepBenchmark.matmulGflops(512));
      return;
    }
    int hidden = Integer.parseInt(a[0]);
    int layers = Integer.parseInt(a[1]);
    int heads = Integer.parseInt(a[2]);
    int inter = Integer.parseInt(a[3]);
    int batch = Integer.parseInt(a[4]);
    int seq = Integer.parseInt(a[5]);
    int warmup = Integer.parseInt(a[6]);
    int steps = Integer.parseInt(a[7]);
    int vocab = 2000;
    List<String> labels = List.of("O", "B-A", "I-A", "B-B", "I-B", "B-C", "I-C", "B-D", "I-D");
    LayoutLmConfig config = new LayoutLmConfig(vocab, hidden, layers, heads, inter, "gelu", 0.1, 0.1,
        Math.max(seq, 128), 1024, 2, 1e-12, 0, 0.02, labels);
    Engine.getInstance().setRandomSeed(0);
    try (Model model = Model.newInstance("bench", Device.cpu())) {
      LayoutLmModel block = new LayoutLmModel(config, Map.of());
      model.setBlock(block);
      Map<String, String> nameById = new HashMap<>();
      block.parametersByName().forEach((n, p) -> nameById.put(p.getId(), n));
      DecoupledAdamW opt = new DecoupledAdamW(s -> 1e-4, 0.01, nameById, block.noDecayNames());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new TokenLoss(0)).optOptimizer(opt))) {
        trainer.initialize(new Shape(1, 8), new Shape(1, 8, 4), new Shape(1, 8));
        List<Parameter> trainable = StepBenchmark.trainable(block.parametersByName());
        SplittableRandom r = new SplittableRandom(7);
        long[] ids = new long[batch * seq];
        long[] boxes = new long[batch * seq * 4];
        long[] mask = new long[batch * seq];
        long[] y = new long[batch * seq];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = r.nextInt(vocab);
          mask[i] = 1;
          y[i] = r.nextInt(labels.size());
          int x0 = r.nextInt(900);
          int y0 = r.nextInt(900);
          boxes[i * 4] = x0;
          boxes[i * 4 + 1] = y0;
          boxes[i * 4 + 2] = x0 + r.nextInt(100);
          boxes[i * 4 + 3] = y0 + r.nextInt(100);
        }
        double seconds = StepBenchmark.secondsPerCall(warmup, steps, () -> StepBenchmark.trainStep(trainer, m -> {
          NDList in = new NDList(m.create(ids, new Shape(batch, seq)), m.create(boxes, new Shape(batch, seq, 4)),
              m.create(mask, new Shape(batch, seq)));
          NDArray logits = trainer.forward(in).singletonOrThrow();
          return TokenLoss.compute(logits, m.create(y, new Shape(batch, seq)), 0);
        }, trainable, opt, 1.0));
        System.out.printf("{\"steps_per_second\": %.3f, \"peak_rss_mb\": %.1f}%n", 1 / seconds,
            StepBenchmark.peakRssMb());
      }
    }
  }
}
