package sweep.store;

import java.util.Map;

/**
 * Everything needed to reproduce a trial: the spec's hash, the trial seed and parameters, the hash of the data it
 * trained on (null for tasks without data), the git commit of the spec's project (with {@code +dirty} for
 * uncommitted changes; null outside git), and the versions of sweep, Java, the OS and the libraries it ran with.
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
    Map<String, String> libraries) {
  public Provenance {
    params = Map.copyOf(params);
    libraries = Map.copyOf(libraries);
  }
}
