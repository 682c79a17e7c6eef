package sweep.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code backend:} section: {@code {type: local}} (the default) or
 * {@code {type: slurm, shared_dir: DIR, partition: P, account: A, time_limit: 2h, sbatch_args: [...]}}. Every bad
 * value is one error naming its key.
 */
final class BackendSpecs {
  private static final List<String> TYPES = List.of("local", "slurm");
  private static final List<String> SLURM_KEYS = List.of("type", "partition", "account", "time_limit",
      "sbatch_args", "shared_dir");
  /** sbatch options sweep sets for each job, and the backend key to use instead, where there is one. */
  private static final Map<String, String> SET_BY_SWEEP = Map.ofEntries(
      Map.entry("--job-name", ""), Map.entry("-J", ""), Map.entry("--comment", ""), Map.entry("--output", ""),
      Map.entry("-o", ""), Map.entry("--error", ""), Map.entry("-e", ""), Map.entry("--chdir", ""),
      Map.entry("-D", ""), Map.entry("--open-mode", ""), Map.entry("--parsable", ""), Map.entry("--wrap", ""),
      Map.entry("--gres", "gpus_per_trial"), Map.entry("--gpus", "gpus_per_trial"), Map.entry("-G", "gpus_per_trial"),
      Map.entry("--partition", "backend.partition"), Map.entry("-p", "backend.partition"),
      Map.entry("--account", "backend.account"), Map.entry("-A", "backend.account"),
      Map.entry("--time", "backend.time_limit"), Map.entry("-t", "backend.time_limit"));

  private BackendSpecs() {}

  static BackendSpec parse(SpecNode node) {
    if (!node.isMapping()) {
      throw node.error("expected a mapping such as {type: slurm, shared_dir: /shared/sweeps}");
    }
    Map<String, SpecNode> keys = node.entries(SLURM_KEYS);
    SpecNode typeNode = node.require("type");
    String type = typeNode.asString();
    if (type.equals("local")) {
      for (SpecNode k : keys.values()) {
        if (!k.key().equals("type")) {
          throw k.errorAtKey("key '" + k.key() + "' is for type slurm, not local");
        }
      }
      return new BackendSpec.Local();
    }
    if (!type.equals("slurm")) {
      throw typeNode.error("unknown backend type '" + type + "'" + SpecNode.suggestion(type, TYPES));
    }
    SpecNode sharedNode = node.require("shared_dir");
    String shared = sharedNode.asString();
    if (!Path.of(shared).isAbsolute()) {
      throw sharedNode.error("must be an absolute path that the orchestrator and every node see, got '" + shared
          + "'");
    }
    Duration limit = null;
    SpecNode limitNode = keys.get("time_limit");
    if (limitNode != null && !limitNode.isNull()) {
      limit = limitNode.asDuration();
      if (limit.compareTo(Duration.ofMinutes(1)) < 0) {
        throw limitNode.error("Slurm counts time limits in whole minutes: at least 1m, got '" + limitNode.asString()
            + "'");
      }
    }
    return new BackendSpec.Slurm(word(keys.get("partition")), word(keys.get("account")), limit,
        sbatchArgs(keys.get("sbatch_args")), Path.of(shared).normalize());
  }

  /** A partition or account: one word, or null when absent. */
  private static String word(SpecNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String w = node.asString().trim();
    if (w.isEmpty() || w.matches(".*\\s.*")) {
      throw node.error("expected one name without spaces, got '" + node.asString() + "'");
    }
    return w;
  }

  private static List<String> sbatchArgs(SpecNode node) {
    List<String> args = new ArrayList<>();
    if (node == null || node.isNull()) {
      return args;
    }
    for (SpecNode item : node.items()) {
      String arg = item.asString();
      if (arg.isBlank()) {
        throw item.error("must not be empty");
      }
      String option = arg.startsWith("--") ? arg.split("=", 2)[0] : arg.length() > 2 && arg.startsWith("-")
          ? arg.substring(0, 2) : arg;
      String instead = SET_BY_SWEEP.get(option);
      if (instead != null) {
        throw item.error("'" + option + "' is set by sweep for each job" + (instead.isEmpty() ? ""
            : ": use " + instead));
      }
      args.add(arg);
    }
    return args;
  }
}
