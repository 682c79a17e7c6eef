package sweep.metrics.coco;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The twelve numbers of pycocotools' {@code summarize()} for boxes and the AP of each category, under torchmetrics'
 * names ({@code map, map_50, map_75, map_small, map_medium, map_large, mar_1, mar_10, mar_100, mar_small,
 * mar_medium, mar_large}). -1 stands where pycocotools prints -1: no ground truth in that area range, or no maxDets
 * value equal to the one a number is defined at.
 *
 * @param maxDets the maxDets list the evaluation used
 * @param stats {@code COCOeval.stats}, in its order
 * @param perClass AP by category name, in category id order (-1: the category has no ground truth)
 */
public record CocoSummary(List<Integer> maxDets, double[] stats, Map<String, Double> perClass) {
  /** torchmetrics' names for {@code stats[0..11]}; the recall-at-maxDets names follow the maxDets list. */
  public static List<String> names(List<Integer> maxDets) {
    return List.of("map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_" + maxDets.get(0),
        "mar_" + maxDets.get(1), "mar_" + maxDets.get(2), "mar_small", "mar_medium", "mar_large");
  }

  public CocoSummary {
    maxDets = List.copyOf(maxDets);
    stats = stats.clone();
    perClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
  }

  /**
   * {@code summarize()} exactly as pycocotools defines it: {@code stats[0]} (and each category's AP) at maxDets
   * {@code apMaxDets}, the others at {@code maxDets[2]} or {@code maxDets[0..2]}. pycocotools' own {@code apMaxDets} is
   * 100, whatever the list holds.
   */
  public static CocoSummary of(CocoEval e, int apMaxDets) {
    List<Integer> m = e.params().maxDets();
    if (m.size() < 3) {
      throw new IllegalArgumentException("summarize needs three maxDets values, got " + m);
    }
    double all = Double.NaN;
    double[] s = {
        e.summarize(true, all, "all", apMaxDets),
        e.summarize(true, 0.5, "all", m.get(2)),
        e.summarize(true, 0.75, "all", m.get(2)),
        e.summarize(true, all, "small", m.get(2)),
        e.summarize(true, all, "medium", m.get(2)),
        e.summarize(true, all, "large", m.get(2)),
        e.summarize(false, all, "all", m.get(0)),
        e.summarize(false, all, "all", m.get(1)),
        e.summarize(false, all, "all", m.get(2)),
        e.summarize(false, all, "small", m.get(2)),
        e.summarize(false, all, "medium", m.get(2)),
        e.summarize(false, all, "large", m.get(2))};
    Map<String, Integer> seen = new HashMap<>();
    for (int k = 0; k < e.categoryCount(); k++) {
      seen.merge(e.categoryName(k), 1, Integer::sum);
    }
    Map<String, Double> perClass = new LinkedHashMap<>();
    for (int k = 0; k < e.categoryCount(); k++) {
      String name = e.categoryName(k);
      String key = seen.get(name) > 1 ? name + " (id " + e.categoryId(k) + ")" : name;
      perClass.put(key, e.classAp(k, apMaxDets));
    }
    return new CocoSummary(m, s, perClass);
  }

  /** The numbers by torchmetrics' name, then {@code map_per_class}. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> names = names(maxDets);
    for (int i = 0; i < stats.length; i++) {
      out.put(names.get(i), stats[i]);
    }
    out.put("map_per_class", perClass);
    return out;
  }

  @Override
  public double[] stats() {
    return stats.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CocoSummary c && c.maxDets.equals(maxDets) && Arrays.equals(c.stats, stats)
        && c.perClass.equals(perClass);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * maxDets.hashCode() + Arrays.hashCode(stats)) + perClass.hashCode();
  }

  @Override
  public String toString() {
    return "CocoSummary" + toMap();
  }
}
