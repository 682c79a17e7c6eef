package sweep.report.model;

import java.util.Map;

/** What a trial ran with ({@code sweep.store.Provenance}), and which trial: the sweep's model, else its best. */
public record ProvenanceSummary(String trial, String specHash, long seed, String dataHash, String gitCommit,
    String sweepVersion, String javaVersion, String os, Map<String, String> libraries) {
  public ProvenanceSummary {
    libraries = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(libraries));
  }
}
