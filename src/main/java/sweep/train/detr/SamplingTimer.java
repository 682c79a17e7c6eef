package sweep.train.detr;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link DeformableSampling#attend}, forward and backward, on random inputs of the shapes one training step gives it,
 * to be timed by scripts/bench-detr.sh: per encoder layer every position of every level is a query, per decoder layer
 * the object queries are; the values span every level of the batch. Values, sampling locations (in [0, 1]) and
 * attention weights all take gradients, as in the step.
 */
final class SamplingTimer {
  private SamplingTimer() {}

  /**
   * Each feature level's {@code {height, width}} for a {@code height x width} input: every convolution and pooling of
   * the backbone, and the extra levels' stride-2 convolutions, halve a side rounding up (kernel 2p + 1, padding p),
   * so feature index i (0 the stem, 1 layer1 after the max pool, 2..4 the later stages) is i + 1 halvings, and
   * each extra level one more than the level before it.
   */
  static List<int[]> levelShapes(DeformableDetrConfig config, int height, int width) {
    List<int[]> shapes = new ArrayList<>();
    int halvings = 0;
    for (int level = 0; level < config.numFeatureLevels(); level++) {
      halvings = level < config.outIndices().size() ? config.outIndices().get(level) + 1 : halvings + 1;
      shapes.add(new int[] {halve(height, halvings), halve(width, halvings)});
    }
    return shapes;
  }

  private static int halve(int size, int times) {
    for (int i = 0; i < times; i++) {
      size = (size + 1) / 2;
    }
    return size;
  }

  /**
   * One step's calls of the sampling, forward and backward, on inputs drawn once into {@code manager}; each run
   * copies them into arrays of its own (a copy of a few MiB), made and freed in a sub-manager.
   */
  static Runnable oneStep(DeformableDetrConfig config, int batch, List<int[]> shapes, NDManager manager) {
    long positions = shapes.stream().mapToLong(s -> (long) s[0] * s[1]).sum();
    long levels = shapes.size();
    List<NDArray[]> calls = new ArrayList<>();
    for (int i = 0; i < config.encoderLayers() + config.decoderLayers(); i++) {
      boolean encoder = i < config.encoderLayers();
      long queries = encoder ? positions : config.queries();
      long heads = encoder ? config.encoderHeads() : config.decoderHeads();
      long points = encoder ? config.encoderPoints() : config.decoderPoints();
      calls.add(new NDArray[] {
          manager.randomNormal(new Shape(batch, positions, heads, config.dModel() / heads)),
          manager.randomUniform(0, 1, new Shape(batch, queries, heads, levels, points, 2)),
          manager.randomUniform(0, 1, new Shape(batch, queries, heads, levels * points)).softmax(-1)
              .reshape(batch, queries, heads, levels, points)});
    }
    return () -> calls.forEach(inputs -> attendOnce(manager, shapes, inputs));
  }

  private static void attendOnce(NDManager parent, List<int[]> shapes, NDArray[] inputs) {
    try (NDManager m = parent.newSubManager();
         GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray[] own = new NDArray[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        own[i] = inputs[i].duplicate();
        own[i].attach(m);
        own[i].setRequiresGradient(true);
      }
      collector.backward(DeformableSampling.attend(own[0], shapes, own[1], own[2]).sum());
    }
  }
}
