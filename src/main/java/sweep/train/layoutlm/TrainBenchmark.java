package sweep.train.layoutlm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.GradientClipping;

/**
 * The training step of a trial (forward, loss, backward, global-norm clipping, AdamW) timed on fixed random
 * batches, for scripts/bench-train.sh. Prints one JSON line: steps per second and peak resident memory.
 *
 * <p>usage: TrainBenchmark HIDDEN LAYERS HEADS INTERMEDIATE BATCH SEQ WARMUP_STEPS STEPS, or TrainBenchmark matmul
 * (the GFLOP/s of a 512 x 512 float matrix product, to tell the two sides' math libraries apart).
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] a) throws Exception {
    if (a[0].equals("matmul")) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray x = m.randomNormal(new Shape(512, 512));
        NDArray y = m.randomNormal(new Shape(512, 512));
        x.matMul(y).close();
        long begin = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          x.matMul(y).close();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("{\"gflops\": %.1f}%n", 20 * 2 * Math.pow(512, 3) / seconds / 1e9);
      }
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
        List<Parameter> trainable = block.parametersByName().values().stream()
            .filter(Parameter::requiresGradient).toList();
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
        long begin = 0;
        for (int s = 0; s < warmup + steps; s++) {
          if (s == warmup) {
            begin = System.nanoTime();
          }
          try (NDManager m = trainer.getManager().newSubManager();
               GradientCollector c = trainer.newGradientCollector()) {
            NDList in = new NDList(m.create(ids, new Shape(batch, seq)), m.create(boxes, new Shape(batch, seq, 4)),
                m.create(mask, new Shape(batch, seq)));
            NDArray logits = trainer.forward(in).singletonOrThrow();
            c.backward(TokenLoss.compute(logits, m.create(y, new Shape(batch, seq)), 0));
          }
          List<NDArray> grads = new ArrayList<>();
          for (Parameter p : trainable) {
            grads.add(p.getArray().getGradient());
          }
          GradientClipping.clip(grads, 1.0);
          grads.forEach(NDArray::close);
          trainer.step();
          opt.advance();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf("{\"steps_per_second\": %.3f, \"peak_rss_mb\": %.1f}%n", steps / seconds, peakRssMb());
      }
    }
  }

  /** VmHWM of this process from /proc, in MiB. */
  static double peakRssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
