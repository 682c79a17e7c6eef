package sweep.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec's {@code warm_start}: the earlier sweeps whose finished search trials tonight's sampler and pruner learn
 * from, and the weight of each such trial relative to one of tonight's. {@code from} is {@link #PREVIOUS} alone
 * (the latest earlier sweep of the same spec name with a complete trial, found when the sweep starts) or sweep
 * names. {@link #NONE} when the key is absent: a cold start.
 */
public record WarmStart(List<String> from, double weight) {
  /** The word for the latest earlier sweep of the same spec name. */
  public static final String PREVIOUS = "previous";
  /**
   * The weight of an earlier sweep's trial when the spec does not say: three quarters of one of tonight's, the best
   * of 0.5, 0.75 and 1 on the warm-start benchmark (README, "Warm starts").
   */
  public static final double DEFAULT_WEIGHT = 0.75;
  public static final WarmStart NONE = new WarmStart(List.of(), DEFAULT_WEIGHT);
  private static final List<String> KEYS = List.of("from", "weight");

  public WarmStart {
    from = List.copyOf(from);
  }

  public boolean enabled() {
    return !from.isEmpty();
  }

  public boolean previous() {
    return from.equals(List.of(PREVIOUS));
  }

  /** The same weight, from other sweeps (the {@code --warm-start} option of {@code sweep run}). */
  public WarmStart from(List<String> sweeps) {
    return new WarmStart(sweeps, weight);
  }

  /** Reads {@code warm_start} of {@code root}, if present, and adds it to the canonical JSON (absent: unchanged). */
  static WarmStart parse(SpecNode root, ObjectNode canonical) {
    Optional<SpecNode> node = root.get("warm_start");
    if (node.isEmpty()) {
      return NONE;
    }
    if (!node.get().isMapping()) {
      throw node.get().error("expected a mapping such as {from: previous, weight: 0.75}");
    }
    Map<String, SpecNode> keys = node.get().entries(KEYS);
    SpecNode fromNode = node.get().require("from");
    List<String> from = sweeps(fromNode);
    double weight = DEFAULT_WEIGHT;
    if (keys.containsKey("weight")) {
      weight = keys.get("weight").asDouble();
      if (!(weight > 0 && weight <= 1)) {
        throw keys.get("weight").error("must be above 0 and at most 1 (an earlier trial weighs at most what one of"
            + " tonight's does), got " + keys.get("weight").asString());
      }
    }
    WarmStart out = new WarmStart(from, weight);
    canonical.put("warm_start", out.toString());
    return out;
  }

  /** {@code previous}, one sweep name, names separated by commas, or a list of names. */
  static List<String> sweeps(SpecNode node) {
    List<String> out = new ArrayList<>();
    if (node.isSequence()) {
      for (SpecNode item : node.items()) {
        out.add(item.asString().strip());
      }
    } else {
      for (String s : node.asString().split(",", -1)) {
        out.add(s.strip());
      }
    }
    String problem = problem(out);
    if (problem != null) {
      throw node.error(problem);
    }
    return out;
  }

  /** Why these names cannot be warm-start sources, or null when they can. */
  public static String problem(List<String> names) {
    if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
      return "expected 'previous' or sweep names separated by commas, with none empty";
    }
    if (names.contains(PREVIOUS) && names.size() > 1) {
      return "'previous' stands alone: it is the latest earlier sweep of this spec's name";
    }
    if (names.stream().distinct().count() < names.size()) {
      return "names a sweep twice";
    }
    return null;
  }

  @Override
  public String toString() {
    return String.join(",", from) + " weight " + weight;
  }
}
