package sweep.store;

import java.util.Map;

/**
 * Everything needed to reproduce a trial: the spec's hash, the trial seed and parameters, the hash of the data it
 * trained on (null for tasks without data), the git commit of the spec's project (with {@code +dirty} for
 * uncommitted changes; null outside git), the versions of sweep, Java, the OS and the libraries it ran with, and the
 * CPU threads it was given ({@code cpuThreads}; null when it was given none, and for trials recorded before it was).
 */
public record Provenance(
    String specHash,
    long seed,
    Map<String, Object> params,
    String dataHash,
    String gitCommit,
    String sweepVersion,
    String javaVersion,
    String os,
    Map<String, String> libraries,
    Integer cpuThreads) {
  public Provenance {
    params = Map.copyOf(params);
    libraries = Map.copyOf(libraries);
  }

  /** A provenance that says nothing of threads. */
  public Provenance(String specHash, long seed, Map<String, Object> params, String dataHash, String gitCommit,
      String sweepVersion, String javaVersion, String os, Map<String, String> libraries) {
    this(specHash, seed, params, dataHash, gitCommit, sweepVersion, javaVersion, os, libraries, null);
  }
}
