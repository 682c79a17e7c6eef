package sweep.data;

import java.util.List;
import java.util.SplittableRandom;

/** A seeded random source with the few draws the generator needs; the same seed gives the same draws everywhere. */
final class Dice {
  private final SplittableRandom random;

  Dice(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** SplitMix64's finaliser over {@code (seed, stream)}: unrelated seeds for neighbouring streams. */
  static long mix(long seed, long stream) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** True with probability p. */
  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Uniform in [lo, hi] (both whole numbers included). */
  int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /** Uniform in [lo, hi). */
  double uniform(double lo, double hi) {
    return lo + random.nextDouble() * (hi - lo);
  }

  /** One element, each equally likely. */
  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Uniform in [0, n). */
  int below(int n) {
    return random.nextInt(n);
  }
}
