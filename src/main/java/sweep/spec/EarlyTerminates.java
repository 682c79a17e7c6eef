package sweep.spec;

import java.util.List;
import java.util.Map;

/** Reads {@code early_terminate}: every error names its line, column and key path. */
final class EarlyTerminates {
  private static final List<String> TYPES = List.of("hyperband", "median");
  private static final List<String> HYPERBAND_KEYS = List.of("type", "min_iter", "max_iter", "s", "eta", "strict");
  private static final List<String> MEDIAN_KEYS = List.of("type", "warmup_epochs", "min_trials", "startup_trials");

  private EarlyTerminates() {}

  /** The pruning {@code node} describes, for trials of {@code epochs} epochs. */
  static EarlyTerminate parse(SpecNode node, int epochs) {
    SpecNode typeNode = node.require("type");
    String type = typeNode.asString();
    if (!TYPES.contains(type)) {
      throw typeNode.error("unknown type '" + type + "'" + SpecNode.suggestion(type, TYPES));
    }
    if (type.equals("hyperband")) {
      return hyperband(node, typeNode, epochs);
    }
    Map<String, SpecNode> keys = node.entries(MEDIAN_KEYS);
    int warmup = keys.containsKey("warmup_epochs") ? keys.get("warmup_epochs").asInt(0, 1_000_000) : 0;
    int minTrials = keys.containsKey("min_trials") ? keys.get("min_trials").asInt(1, 1_000_000) : 1;
    int startup = keys.containsKey("startup_trials") ? keys.get("startup_trials").asInt(0, 1_000_000) : 5;
    return new EarlyTerminate.Median(warmup, minTrials, startup);
  }

  /**
   * {@code min_iter}, or W&B's {@code max_iter} with {@code s} ({@code max_iter} decides when both are given, as in
   * W&B); either way the first rung must lie below {@code epochs}, or no trial is ever judged.
   */
  private static EarlyTerminate hyperband(SpecNode node, SpecNode typeNode, int epochs) {
    Map<String, SpecNode> keys = node.entries(HYPERBAND_KEYS);
    int eta = keys.containsKey("eta") ? keys.get("eta").asInt(2, 1000) : 3;
    boolean strict = keys.containsKey("strict") && keys.get("strict").asBoolean();
    SpecNode maxNode = keys.get("max_iter");
    SpecNode sNode = keys.get("s");
    if (maxNode == null && sNode != null) {
      throw sNode.errorAtKey("'s' counts the rungs below max_iter, which is not given");
    }
    if (maxNode != null) {
      if (sNode == null) {
        throw maxNode.errorAtKey("max_iter needs s, the number of rungs below it (as in W&B)");
      }
      int maxIter = maxNode.asInt(1, 1_000_000);
      int s = sNode.asInt(1, 100);
      if (maxIter < eta) {
        throw maxNode.error("max_iter / eta is below 1, so there is no rung (needs max_iter >= eta = " + eta + ")");
      }
      EarlyTerminate.Hyperband h = new EarlyTerminate.Hyperband(1, eta, strict, maxIter, s);
      int first = h.ladder(Integer.MAX_VALUE).get(0);
      if (first >= epochs) {
        throw maxNode.error("the first rung, epoch " + first + ", must be less than trial.epochs (" + epochs
            + "), or no trial is ever judged");
      }
      return h;
    }
    int minIter = keys.containsKey("min_iter") ? keys.get("min_iter").asInt(1, 1_000_000) : 1;
    if (minIter >= epochs) {
      throw (keys.containsKey("min_iter") ? keys.get("min_iter") : typeNode).error("must be less than trial.epochs ("
          + epochs + "), or no trial is ever judged");
    }
    return new EarlyTerminate.Hyperband(minIter, eta, strict);
  }
}
