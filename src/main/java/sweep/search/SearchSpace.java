package sweep.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.spec.FixedProduct;
import sweep.spec.ParamSpec;
import sweep.spec.SweepSpec;

/** The parameters a sampler draws, and how a draw becomes a trial's full parameter map. */
public final class SearchSpace {
  private final Map<String, ParamSpec> parameters;
  private final List<FixedProduct> products;

  public SearchSpace(SweepSpec spec) {
    this(spec.parameters(), spec.fixedProducts());
  }

  public SearchSpace(Map<String, ParamSpec> parameters, List<FixedProduct> products) {
    this.parameters = new LinkedHashMap<>(parameters);
    this.products = List.copyOf(products);
  }

  /** Searched parameters sorted by name: sampler dimensions do not depend on the order keys are written in. */
  public List<String> searchedNames() {
    List<String> names = new ArrayList<>();
    new TreeMap<>(parameters).forEach((k, v) -> {
      if (v.searched()) {
        names.add(k);
      }
    });
    return names;
  }

  /** All declared parameters in spec order. */
  public Map<String, ParamSpec> parameters() {
    return parameters;
  }

  public ParamSpec get(String name) {
    return parameters.get(name);
  }

  /**
   * The trial's parameters: the draw, plus constants, plus each fixed product's derived factor
   * ({@code value / product of the others}), sorted by name.
   */
  public Map<String, Object> complete(Map<String, Object> draw) {
    Map<String, Object> out = new TreeMap<>();
    parameters.forEach((k, v) -> out.put(k, v.searched() ? draw.get(k) : v.fromUnit(0)));
    for (FixedProduct p : products) {
      long divisor = 1;
      for (String f : p.given()) {
        divisor *= p.fixed().containsKey(f) ? p.fixed().get(f) : ((Number) out.get(f)).longValue();
      }
      out.put(p.derived(), p.value() / divisor);
    }
    return out;
  }
}
