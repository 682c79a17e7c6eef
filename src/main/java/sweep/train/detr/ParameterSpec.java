package sweep.train.detr;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One tensor of the model: its Hugging Face name and shape, how a model trained from scratch starts it, whether it
 * trains, and whether weight decay applies to it (not to biases and LayerNorm weights, as the Hugging Face Trainer
 * decides).
 */
record ParameterSpec(String name, Shape shape, Init init, boolean trainable, boolean decay) {

  /** How a fresh tensor's values are drawn; a seeded random source makes them reproducible. */
  @FunctionalInterface
  interface Init {
    float[] values(Shape shape, SplittableRandom random);

    static Init constant(float value) {
      return (shape, random) -> {
        float[] v = new float[(int) shape.size()];
        Arrays.fill(v, value);
        return v;
      };
    }

    static Init normal(double std) {
      return (shape, random) -> {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (gaussian(random) * std);
        }
        return v;
      };
    }

    /** {@code nn.init.xavier_uniform_}: uniform in +-sqrt(6 / (fan_in + fan_out)). */
    static Init xavierUniform() {
      return (shape, random) -> {
        long receptive = shape.size() / (shape.get(0) * shape.get(1));
        double bound = Math.sqrt(6.0 / (shape.get(1) * receptive + shape.get(0) * receptive));
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
      };
    }

    /** timm's ResNet convolutions: {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}. */
    static Init kaimingFanOut() {
      return (shape, random) -> normal(Math.sqrt(2.0 / (shape.size() / shape.get(1)))).values(shape, random);
    }

    /** Fixed values. */
    static Init of(float[] values) {
      float[] copy = values.clone();
      return (shape, random) -> copy.clone();
    }

    private static double gaussian(SplittableRandom random) {
      // Box-Muller: the JDK's SplittableRandom has no nextGaussian on Java 17
      double u = 1 - random.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
  }

  /** A bias-free convolution weight {@code [out, in, k, k]} started as timm does. */
  static ParameterSpec conv(String name, int out, int in, int k, boolean trainable) {
    return new ParameterSpec(name, new Shape(out, in, k, k), Init.kaimingFanOut(), trainable, true);
  }

  /** A frozen batch norm's four buffers, the identity to start with. */
  static List<ParameterSpec> frozenNorm(String prefix, int n) {
    Shape s = new Shape(n);
    return List.of(new ParameterSpec(prefix + "weight", s, Init.constant(1), false, false),
        new ParameterSpec(prefix + "bias", s, Init.constant(0), false, false),
        new ParameterSpec(prefix + "running_mean", s, Init.constant(0), false, false),
        new ParameterSpec(prefix + "running_var", s, Init.constant(1), false, false));
  }

  /** {@code nn.Linear(in, out)}: the weight as given, a zero bias without decay. */
  static List<ParameterSpec> linear(String prefix, int out, int in, Init weight) {
    return List.of(new ParameterSpec(prefix + "weight", new Shape(out, in), weight, true, true),
        new ParameterSpec(prefix + "bias", new Shape(out), Init.constant(0), true, false));
  }

  /** {@code nn.LayerNorm(n)}: ones and zeros, neither decayed. */
  static List<ParameterSpec> layerNorm(String prefix, int n) {
    return List.of(new ParameterSpec(prefix + "weight", new Shape(n), Init.constant(1), true, false),
        new ParameterSpec(prefix + "bias", new Shape(n), Init.constant(0), true, false));
  }

  /** This tensor started differently. */
  ParameterSpec startingAs(Init other) {
    return new ParameterSpec(name, shape, other, trainable, decay);
  }
}
