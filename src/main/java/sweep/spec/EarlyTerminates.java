package sweep.spec;

import java.util.List;
import java.util.Map;

/** Reads {@code early_terminate}: every error names its line, column and key path. */
final class EarlyTerminates {
  private static final List<String> TYPES = List.of("hyperband", "median");
  private static final List<String> HYPERBAND_KEYS = List.of("type", "min_iter", "eta", "strict");
  private static final List<String> MEDIAN_KEYS = List.of("type", "warmup_epochs", "min_trials", "startup_trials");

  private EarlyTerminates() {}

  /** The pruning {@code node} describes, for trials of {@code epochs} epochs. */
  static EarlyTerminate parse(SpecNode node, int epochs) {
    Map<String, SpecNode> all = node.entries();
    SpecNode typeNode = node.require("type");
    String type = typeNode.asString();
    if (!TYPES.contains(type)) {
      throw typeNode.error("unknown type '" + type + "'" + SpecNode.suggestion(type, TYPES));
    }
    if (type.equals("hyperband")) {
      for (String unsupported : List.of("max_iter", "s")) {
        if (all.containsKey(unsupported)) {
          throw all.get(unsupported).errorAtKey("'" + unsupported + "' is not supported: the brackets follow from"
              + " min_iter, eta and trial.epochs");
        }
      }
      Map<String, SpecNode> keys = node.entries(HYPERBAND_KEYS);
      int minIter = keys.containsKey("min_iter") ? keys.get("min_iter").asInt(1, 1_000_000) : 1;
      if (minIter >= epochs) {
        throw (keys.containsKey("min_iter") ? keys.get("min_iter") : typeNode).error("must be less than trial.epochs (" + epochs + "), or no trial is ever"
            + " judged");
      }
      int eta = keys.containsKey("eta") ? keys.get("eta").asInt(2, 1000) : 3;
      boolean strict = keys.containsKey("strict") && keys.get("strict").asBoolean();
      return new EarlyTerminate.Hyperband(minIter, eta, strict);
    }
    Map<String, SpecNode> keys = node.entries(MEDIAN_KEYS);
    int warmup = keys.containsKey("warmup_epochs") ? keys.get("warmup_epochs").asInt(0, 1_000_000) : 0;
    int minTrials = keys.containsKey("min_trials") ? keys.get("min_trials").asInt(1, 1_000_000) : 1;
    int startup = keys.containsKey("startup_trials") ? keys.get("startup_trials").asInt(0, 1_000_000) : 5;
    return new EarlyTerminate.Median(warmup, minTrials, startup);
  }
}
