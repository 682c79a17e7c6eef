package sweep.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import sweep.store.DataSnapshot;
import sweep.store.Provenance;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.util.Json;
import sweep.util.Secrets;

/**
 * {@code provenance.json}, beside a published model ({@code best/}, and so each promoted version): which sweep and
 * trial made it and everything needed to make it again (spec hash, parameters, seed, data source and hash, git
 * commit, the versions of sweep, Java and the libraries, the CPU threads) with the metric it scored, and how the
 * sweep's search started ({@code warm_start}, {@code initial_trials}, {@code initial_trial}: see the scheduler's
 * search start). It holds no
 * credential's value: a data source that is a URL loses its user-info and query, and every secret's value is
 * masked as in everything else sweep writes ({@link Secrets}).
 */
public final class ProvenanceFile {
  public static final String NAME = "provenance.json";

  private ProvenanceFile() {}

  /**
   * The file's content for trial {@code t} of sweep {@code s}.
   *
   * @param p the trial's recorded provenance, or null when it has none (a trial that never started)
   * @param data the sweep's data snapshot, or null for a task without data
   * @param searchStart how the sweep's search started, keys added at the end as they are
   */
  public static Map<String, Object> view(SweepRecord s, TrialRecord t, Provenance p, DataSnapshot data,
      Map<String, Object> searchStart) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sweep", s.name());
    m.put("trial", t.number());
    m.put("phase", t.phase().word());
    m.put("label", t.label());
    m.put("spec_hash", p != null ? p.specHash() : s.specHash());
    m.put("params", new TreeMap<>(p != null ? p.params() : t.params()));
    m.put("seed", p != null ? p.seed() : t.seed());
    m.put("epochs", t.epochs());
    m.put("data_source", data == null ? null : data.source().contains("://") ? Secrets.endpoint(data.source())
        : data.source());
    m.put("data_hash", p != null && p.dataHash() != null ? p.dataHash() : data == null ? null : data.dataHash());
    m.put("git_commit", p == null ? null : p.gitCommit());
    m.put("sweep_version", p == null ? null : p.sweepVersion());
    m.put("java_version", p == null ? null : p.javaVersion());
    m.put("djl_version", p == null ? null : p.libraries().get("djl"));
    m.put("os", p == null ? null : p.os());
    m.put("libraries", p == null ? Map.of() : new TreeMap<>(p.libraries()));
    m.put("cpu_threads", p == null ? null : p.cpuThreads());
    m.put("metric", s.metric());
    m.put("goal", s.goal().word());
    m.put("value", t.bestValue());
    m.put("epoch", t.bestEpoch());
    m.putAll(searchStart);
    return m;
  }

  /** Writes {@link #view} as {@code dir/provenance.json}, every secret's value masked. */
  public static void write(Path dir, SweepRecord s, TrialRecord t, Provenance p, DataSnapshot data,
      Map<String, Object> searchStart) throws IOException {
    Files.writeString(dir.resolve(NAME), Secrets.active().redact(Json.pretty(view(s, t, p, data, searchStart))),
        StandardCharsets.UTF_8);
  }
}
