package sweep.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec's {@code initial_trials}: search trials run first, in order, before the sampler proposes any. Either
 * {@code production} (the parameters of the model now in production, read when the sweep starts; skipped with a
 * log line when there is none or they fall outside the search space) or a list of parameter mappings, each naming
 * searched parameters with values inside their ranges (a parameter a mapping leaves out is proposed by the
 * sampler). {@link #NONE} when the key is absent.
 */
public record InitialTrials(boolean production, List<Map<String, Object>> trials) {
  public static final String PRODUCTION = "production";
  public static final InitialTrials NONE = new InitialTrials(false, List.of());

  public InitialTrials {
    List<Map<String, Object>> copy = new ArrayList<>();
    trials.forEach(t -> copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(t))));
    trials = List.copyOf(copy);
  }

  public boolean enabled() {
    return production || !trials.isEmpty();
  }

  /**
   * Reads {@code initial_trials} of {@code root}, if present, checking each value against {@code parameters}, and
   * adds it to the canonical JSON (absent: unchanged).
   */
  static InitialTrials parse(SpecNode root, ObjectNode canonical, Map<String, ParamSpec> parameters, int runCap) {
    Optional<SpecNode> node = root.get("initial_trials");
    if (node.isEmpty()) {
      return NONE;
    }
    SpecNode n = node.get();
    if (n.isScalar()) {
      if (!n.asString().equals(PRODUCTION)) {
        throw n.error("expected 'production' or a list of parameter mappings, got '" + n.asString() + "'");
      }
      canonical.put("initial_trials", PRODUCTION);
      return new InitialTrials(true, List.of());
    }
    if (!n.isSequence() || n.items().isEmpty()) {
      throw n.error("expected 'production' or a non-empty list of parameter mappings");
    }
    if (n.items().size() > runCap) {
      throw n.error(n.items().size() + " initial trials but run_cap is " + runCap);
    }
    List<Map<String, Object>> trials = new ArrayList<>();
    for (SpecNode item : n.items()) {
      if (!item.isMapping() || item.entries().isEmpty()) {
        throw item.error("expected a mapping of searched parameters to values, such as {learning_rate: 3.0e-5}");
      }
      Map<String, Object> trial = new LinkedHashMap<>();
      for (Map.Entry<String, SpecNode> e : item.entries().entrySet()) {
        ParamSpec p = parameters.get(e.getKey());
        if (p == null) {
          throw e.getValue().errorAtKey("'" + e.getKey() + "' is not a parameter of this spec"
              + SpecNode.suggestion(e.getKey(), parameters.keySet()));
        }
        if (!p.searched()) {
          throw e.getValue().errorAtKey("'" + e.getKey() + "' is a constant; an initial trial sets searched"
              + " parameters only");
        }
        Object value = e.getValue().isScalar() ? e.getValue().asValue() : null;
        String outside = value == null ? "expected a value" : SpaceMembership.whyOutside(p, value);
        if (outside != null) {
          throw e.getValue().error(outside);
        }
        trial.put(e.getKey(), SpaceMembership.normalize(p, value));
      }
      trials.add(trial);
    }
    canonical.set("initial_trials", n.toJson());
    return new InitialTrials(false, trials);
  }
}
