package sweep.spec;

import java.util.List;
import java.util.Map;

/** Reads {@code metric}: every error names its line, column and key path. */
final class MetricSpecs {
  private static final List<String> KEYS = List.of("name", "goal", "source", "evaluator", "max_dets", "impute",
      "impute_while_running");

  private MetricSpecs() {}

  static MetricSpec parse(SpecNode node) {
    Map<String, SpecNode> keys = node.entries(KEYS);
    String name = node.require("name").asString();
    if (name.isBlank()) {
      throw keys.get("name").error("must not be empty");
    }
    SpecNode goalNode = node.require("goal");
    String word = goalNode.asString();
    Goal goal = switch (word) {
      case "minimize" -> Goal.MINIMIZE;
      case "maximize" -> Goal.MAXIMIZE;
      default -> throw goalNode.error("unknown goal '" + word + "'"
          + SpecNode.suggestion(word, List.of("minimize", "maximize")));
    };
    String source = keys.containsKey("source") ? nonBlank(keys.get("source")) : null;
    String evaluator = keys.containsKey("evaluator") ? nonBlank(keys.get("evaluator")) : null;
    Integer maxDets = keys.containsKey("max_dets") ? keys.get("max_dets").asInt(1, 1_000_000) : null;
    Impute impute = keys.containsKey("impute") ? impute(keys.get("impute"), false) : null;
    Impute whileRunning = keys.containsKey("impute_while_running")
        ? impute(keys.get("impute_while_running"), true) : null;
    return new MetricSpec(name, goal, new MetricDefinition(source, evaluator, maxDets), impute, whileRunning);
  }

  /** {@code worst}, {@code best} or {@code latest}; {@code false} (none) too where {@code orFalse}. */
  private static Impute impute(SpecNode n, boolean orFalse) {
    String word = n.asString();
    if (orFalse && word.equals("false")) {
      return null;
    }
    List<String> words = orFalse ? java.util.stream.Stream.concat(Impute.words().stream(), java.util.stream.Stream.of(
        "false")).toList() : Impute.words();
    return Impute.fromWord(word).orElseThrow(() -> n.error("unknown value '" + word + "'"
        + SpecNode.suggestion(word, words)));
  }

  private static String nonBlank(SpecNode n) {
    String s = n.asString();
    if (s.isBlank()) {
      throw n.error("must not be empty");
    }
    return s;
  }
}
