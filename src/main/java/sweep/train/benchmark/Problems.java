package sweep.train.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in problems. Each stresses one thing a search strategy must handle: a narrow optimum in log space, a
 * multimodal surface, heavy noise, a learning rate that must scale with the batch, and curves that cross (slow
 * starters end best).
 */
final class Problems {
  static final Map<String, Problem> ALL = new LinkedHashMap<>();

  static {
    add(new LogSensitive("log-sensitive", 3e-4, 0.5, 0.005));
    add(new LogSensitive("noisy", 1e-4, 0.7, 0.03));
    add(new Multimodal());
    add(new BatchLr());
    add(new Crossing());
  }

  private Problems() {}

  private static void add(Problem p) {
    ALL.put(p.name(), p);
  }

  private static double gauss(double x, double center, double width) {
    double z = (x - center) / width;
    return StrictMath.exp(-z * z);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** Quality peaks at one learning rate and falls off in log10 space; constant speed. */
  private record LogSensitive(String name, double best, double width, double defaultNoise) implements Problem {
    public List<String> parameters() { return List.of("learning_rate"); }
    public double quality(Map<String, Object> p) {
      double lr = Problem.number(p, "learning_rate", Double.NaN);
      if (!(lr > 0)) {
        throw new IllegalArgumentException("learning_rate must be > 0, got " + lr);
      }
      return gauss(StrictMath.log10(lr), StrictMath.log10(best), width);
    }
    public double tau(Map<String, Object> p) { return 2.0; }
    public double optimum(int epochs) { return 1 - StrictMath.exp(-epochs / 2.0); }
  }

  /** Four bumps over weight_decay in [0, 0.1] and warmup_ratio in [0, 0.2]; the highest reaches 1. */
  private static final class Multimodal implements Problem {
    private static final double[][] BUMPS = {
        {0.7, 0.3, 0.12, 1.0}, {0.2, 0.8, 0.10, 0.85}, {0.25, 0.2, 0.08, 0.7}, {0.85, 0.85, 0.10, 0.6}};
    public String name() { return "multimodal"; }
    public List<String> parameters() { return List.of("weight_decay", "warmup_ratio"); }
    public double defaultNoise() { return 0.005; }
    public double quality(Map<String, Object> p) {
      double x = clamp01(Problem.number(p, "weight_decay", 0) / 0.1);
      double y = clamp01(Problem.number(p, "warmup_ratio", 0) / 0.2);
      double q = 0;
      for (double[] b : BUMPS) {
        double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]);
        q = Math.max(q, b[3] * StrictMath.exp(-d2 / (2 * b[2] * b[2])));
      }
      return q;
    }
    public double tau(Map<String, Object> p) { return 2.0; }
    public double optimum(int epochs) { return 1 - StrictMath.exp(-epochs / 2.0); }
  }

  /**
   * The best learning rate grows linearly with the effective batch (per-device batch x accumulation); an effective
   * batch of 32 with learning rate 5e-5 is best.
   */
  private static final class BatchLr implements Problem {
    public String name() { return "batch-lr"; }
    public List<String> parameters() { return List.of("learning_rate", "per_device_train_batch_size"); }
    public double defaultNoise() { return 0.005; }
    public double quality(Map<String, Object> p) {
      double batch = Problem.number(p, "per_device_train_batch_size", Double.NaN)
          * Problem.number(p, "gradient_accumulation_steps", 1);
      double lr = Problem.number(p, "learning_rate", Double.NaN);
      if (!(lr > 0) || !(batch > 0)) {
        throw new IllegalArgumentException("learning_rate and batch size must be > 0");
      }
      double best = 5e-5 * batch / 32;
      double sizePenalty = Math.max(0, 1 - 0.08 * StrictMath.pow(StrictMath.log(batch / 32) / StrictMath.log(2), 2));
      return gauss(StrictMath.log10(lr), StrictMath.log10(best), 0.35) * sizePenalty;
    }
    public double tau(Map<String, Object> p) { return 2.0; }
    public double optimum(int epochs) { return 1 - StrictMath.exp(-epochs / 2.0); }
  }

  /**
   * Learning rate in [1e-5, 1e-2]: high rates learn fast but plateau at 0.65; low rates start slowly and end at 1.
   * Which is best depends on the epoch budget.
   */
  private static final class Crossing implements Problem {
    public String name() { return "crossing"; }
    public List<String> parameters() { return List.of("learning_rate"); }
    public double defaultNoise() { return 0.005; }
    private static double position(Map<String, Object> p) {
      double lr = Problem.number(p, "learning_rate", Double.NaN);
      if (!(lr > 0)) {
        throw new IllegalArgumentException("learning_rate must be > 0, got " + lr);
      }
      return clamp01((StrictMath.log10(lr) + 5) / 3);
    }
    public double quality(Map<String, Object> p) { return 1 - 0.35 * position(p); }
    public double tau(Map<String, Object> p) {
      double s = position(p);
      return 0.6 + 12 * (1 - s) * (1 - s);
    }
    public double optimum(int epochs) {
      double best = 0;
      for (int i = 0; i <= 100_000; i++) {
        double s = i / 100_000.0;
        double v = (1 - 0.35 * s) * (1 - StrictMath.exp(-epochs / (0.6 + 12 * (1 - s) * (1 - s))));
        best = Math.max(best, v);
      }
      return best;
    }
  }
}
