package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the training benchmarks (scripts/bench-train.sh, scripts/bench-detr.sh) share: timing a step after warm-up,
 * one training step as the loop takes it without accumulation, the rate of a float matrix product (the most this
 * libtorch does on this CPU) and the process's peak resident memory.
 */
public final class StepBenchmark {
  private StepBenchmark() {}

  /**
   * Runs {@code warmup} untimed calls of {@code step}, then {@code calls} timed ones; returns the median call's
   * seconds (a call slowed by another process on the machine moves the median less than the mean).
   */
  public static double secondsPerCall(int warmup, int calls, Runnable step) {
    return secondsPerCall(warmup, calls, new Runnable[] {step})[0];
  }

  /**
   * {@link #secondsPerCall(int, int, Runnable)} of several actions taken in turn (the first, the second..., then
   * the first again), so that what else runs on the machine slows each about as much: each one's median seconds.
   */
  public static double[] secondsPerCall(int warmup, int calls, Runnable... actions) {
    for (int i = 0; i < warmup; i++) {
      for (Runnable action : actions) {
        action.run();
      }
    }
    double[][] seconds = new double[actions.length][calls];
    for (int i = 0; i < calls; i++) {
      for (int k = 0; k < actions.length; k++) {
        long begin = System.nanoTime();
        actions[k].run();
        seconds[k][i] = (System.nanoTime() - begin) / 1e9;
      }
    }
    double[] medians = new double[actions.length];
    for (int k = 0; k < actions.length; k++) {
      Arrays.sort(seconds[k]);
      medians[k] = calls % 2 == 1 ? seconds[k][calls / 2] : (seconds[k][calls / 2 - 1] + seconds[k][calls / 2]) / 2;
    }
    return medians;
  }

  /** The parameters that take gradients, in the model's order. */
  public static List<Parameter> trainable(Map<String, Parameter> parameters) {
    return parameters.values().stream().filter(Parameter::requiresGradient).toList();
  }

  /**
   * One training step: the loss of a batch made in a fresh sub-manager (closed after backward, with everything the
   * forward pass made), backward, global-norm clipping of the trainable parameters' gradients, the optimizer step.
   * A step whose gradients are not finite is not applied: its gradients are set to zero and the weights stay as they
   * were, so that the next step can run; it returns false.
   *
   * @param loss the batch's scalar loss, its arrays made in the manager it is given
   */
  public static boolean trainStep(Trainer trainer, Function<NDManager, NDArray> loss, List<Parameter> trainable,
      DecoupledAdamW optimizer, double maxGradNorm) {
    try (NDManager m = trainer.getManager().newSubManager();
         GradientCollector collector = trainer.newGradientCollector()) {
      collector.backward(loss.apply(m));
    }
    if (!Double.isFinite(GradientClipping.clipParameters(trainable, maxGradNorm))) {
      for (Parameter p : trainable) {
        try (NDArray g = p.getArray().getGradient()) {
          g.set(new NDIndex("..."), 0);
        }
      }
      return false;
    }
    trainer.step();
    optimizer.advance();
    return true;
  }

  /**
   * GFLOP/s of a {@code size x size} float matrix product: the median of a hundred products after a warm-up.
   */
  public static double matmulGflops(int size) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(size, size));
      NDArray y = m.randomNormal(new Shape(size, size));
      return 2 * Math.pow(size, 3) / secondsPerCall(5, 100, () -> x.matMul(y).close()) / 1e9;
    }
  }

  /** The minor page faults this process has taken so far (/proc/self/stat): pages the kernel had to map in. */
  public static long minorFaults() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // the fields after the command name (in parentheses): state is the first, minflt the eighth
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
  }

  /** VmHWM of this process from /proc, in MiB. */
  public static double peakRssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }
}
