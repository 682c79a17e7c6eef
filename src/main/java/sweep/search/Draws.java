package sweep.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

/**
 * Every random number sweep draws comes from here, as a stream named by a key: the sweep's (or a trial's) seed,
 * what the numbers are for, and the numbers and names that single the stream out (a trial number, a parameter
 * name, an epoch). A stream is a pure function of its key, so any trial can be drawn alone, in any order, with
 * the same values on every machine and JVM (integer arithmetic only).
 *
 * <p>Streams of different keys are independent: the key's parts are folded one by one through SplitMix64's
 * finaliser (each step {@code h = mix(h ^ part)}, a full avalanche of all 64 bits), and the 128-bit state of a
 * XoRoShiRo128++ generator (commons-rng) is two further mixes of the result. Neighbouring keys (trial 0 and 1,
 * seed 7 and 8, two parameter names) thus start at unrelated points, and even the first number of each stream is
 * uncorrelated with the first of any other. (Seeding a generator from a few small integers and using its first
 * number, as sweep did before {@link #VERSION} 2, gives strongly correlated numbers.)
 *
 * <p>{@link #VERSION} names the scheme. A sweep records the version it was started with; a sweep started under
 * another version is not resumed, because its old trials and new ones would come from different schemes.
 */
public final class Draws {
  /** The scheme: 1 was a Well19937c seeded per key (correlated first draws), 2 is this class. */
  public static final int VERSION = 2;

  /** What a stream is for: part of every key, so two uses of the same numbers never share a stream. */
  public enum Purpose {
    /** The random sampler's value of one parameter of one trial (also TPE's start-up trials). */
    PARAMETER(0x5041_5241_4d00_0001L),
    /** The Sobol sampler's random shift of one dimension. */
    SOBOL_SHIFT(0x534f_424f_4c00_0002L),
    /** TPE's candidates for one trial. */
    TPE_CANDIDATES(0x5450_4500_0000_0003L),
    /** The benchmark task's noise of one epoch of one trial. */
    BENCHMARK_NOISE(0x4e4f_4953_4500_0004L);

    private final long tag;

    Purpose(long tag) {
      this.tag = tag;
    }
  }

  private Draws() {}

  /** The key of the stream for {@code purpose} under {@code seed}, singled out by {@code parts} (in order). */
  public static long key(long seed, Purpose purpose, long... parts) {
    long h = mix(mix(seed) ^ purpose.tag);
    for (long part : parts) {
      h = mix(h ^ part);
    }
    return h;
  }

  /** A fresh generator for {@code key}; the same key always gives the same numbers. */
  public static UniformRandomProvider stream(long key) {
    long s0 = mix(key);
    long s1 = mix(s0);
    return new XoRoShiRo128PlusPlus(s0, s1 == 0 && s0 == 0 ? 1 : s1);
  }

  /** The first number in [0, 1) of the stream for {@code key}. */
  public static double unit(long key) {
    return stream(key).nextDouble();
  }

  /** A 64-bit key part for a name: the first 8 bytes of the SHA-256 of its UTF-8 bytes. */
  public static long name(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * A standard normal number from two uniforms of {@code rng} (Box-Muller, cosine branch), in {@link StrictMath}
   * so it is the same on every JVM.
   */
  public static double gaussian(UniformRandomProvider rng) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]: the log is finite
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** SplitMix64's output for state {@code x}: a bijective, fully avalanching mix of 64 bits. */
  private static long mix(long x) {
    return new SplitMix64(x).nextLong();
  }
}
