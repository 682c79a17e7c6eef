package sweep.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;
import sweep.store.Provenance;

/**
 * What {@code sweep reproduce} found: the recorded and the reproduced value of the sweep metric at each epoch, the
 * verdict, and where the rerun's provenance differs from the recorded one (git commit, versions, threads, data).
 *
 * @param tolerance how far an epoch may land from its recorded value and count as reproduced (0: bit for bit)
 */
record Reproduction(String metric, double tolerance, List<Row> rows, List<Difference> differences) {
  /** One epoch: either value is null when that run did not report it. */
  record Row(int epoch, Double recorded, Double reproduced) {
    /** {@code |reproduced - recorded|}, or null when either is missing. */
    Double difference() {
      return recorded == null || reproduced == null ? null : Math.abs(reproduced - recorded);
    }

    boolean bitwiseEqual() {
      return recorded != null && reproduced != null
          && Double.doubleToLongBits(recorded) == Double.doubleToLongBits(reproduced);
    }
  }

  /** A provenance field whose value differs between the recorded trial and its rerun. */
  record Difference(String field, Object recorded, Object reproduced) {}

  /** The verdicts, as JSON and the text name them. */
  static final String EXACT = "exact";
  static final String WITHIN = "within_tolerance";
  static final String DIFFERS = "differs";

  Reproduction {
    rows = List.copyOf(rows);
    differences = List.copyOf(differences);
  }

  /** Compares epochs 1 to {@code epochs} of the two curves and the two provenances ({@code now} may be null). */
  static Reproduction of(String metric, double tolerance, SortedMap<Integer, Double> recorded,
      SortedMap<Integer, Double> reproduced, int epochs, Provenance was, Provenance now) {
    List<Row> rows = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      rows.add(new Row(e, recorded.get(e), reproduced.get(e)));
    }
    return new Reproduction(metric, tolerance, rows, now == null ? List.of() : differences(was, now));
  }

  /** The fields of the rerun's provenance that differ from the recorded one, in a fixed order. */
  static List<Difference> differences(Provenance was, Provenance now) {
    Map<String, Object[]> fields = new LinkedHashMap<>();
    fields.put("git_commit", new Object[] {was.gitCommit(), now.gitCommit()});
    fields.put("sweep_version", new Object[] {was.sweepVersion(), now.sweepVersion()});
    fields.put("java_version", new Object[] {was.javaVersion(), now.javaVersion()});
    TreeSet<String> libraries = new TreeSet<>(was.libraries().keySet());
    libraries.addAll(now.libraries().keySet());
    for (String lib : libraries) {
      fields.put("libraries." + lib, new Object[] {was.libraries().get(lib), now.libraries().get(lib)});
    }
    fields.put("os", new Object[] {was.os(), now.os()});
    fields.put("cpu_threads", new Object[] {was.cpuThreads(), now.cpuThreads()});
    fields.put("data_hash", new Object[] {was.dataHash(), now.dataHash()});
    fields.put("spec_hash", new Object[] {was.specHash(), now.specHash()});
    List<Difference> out = new ArrayList<>();
    fields.forEach((name, v) -> {
      if (!Objects.equals(v[0], v[1])) {
        out.add(new Difference(name, v[0], v[1]));
      }
    });
    return out;
  }

  /** The largest difference over the epochs, or null when an epoch is missing on either side. */
  Double maxDifference() {
    double max = 0;
    for (Row r : rows) {
      if (r.difference() == null || r.difference().isNaN()) {
        return null;
      }
      max = Math.max(max, r.difference());
    }
    return max;
  }

  /** {@link #EXACT} (every epoch bit for bit), {@link #WITHIN} the tolerance, or {@link #DIFFERS}. */
  String verdict() {
    if (!rows.isEmpty() && rows.stream().allMatch(Row::bitwiseEqual)) {
      return EXACT;
    }
    Double max = maxDifference();
    return max != null && tolerance > 0 && max <= tolerance ? WITHIN : DIFFERS;
  }

  boolean reproduced() {
    return !verdict().equals(DIFFERS);
  }

  /** The verdict in words, e.g. {@code reproduced: within 1e-4 per epoch (max difference 3.1e-06)}. */
  String verdictLine() {
    Double max = maxDifference();
    String allowed = tolerance == 0 ? "bit for bit"
        : "within " + Double.toString(tolerance).replace(".0E", "E").replace('E', 'e') + " per epoch";
    return switch (verdict()) {
      case EXACT -> "reproduced: exact (every epoch bit for bit)";
      case WITHIN -> "reproduced: " + allowed + " (max difference " + max + ")";
      default -> "not reproduced: " + (max == null ? "an epoch is missing" : "max difference " + max)
          + ", expected " + allowed;
    };
  }
}
