package sweep.search;

/** Per-trial seeds derived from the sweep's seed with SplitMix64, so neighbouring trials get unrelated streams. */
public final class Seeds {
  private Seeds() {}

  public static long trial(long sweepSeed, int number) {
    long z = sweepSeed + 0x9E3779B97F4A7C15L * (number + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }
}
