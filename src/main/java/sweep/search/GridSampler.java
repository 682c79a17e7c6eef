package sweep.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Every combination of the parameters' values, in spec order with the first parameter varying slowest.
 * Trial {@code number} is the combination at that index; the grid's size is its capacity.
 */
final class GridSampler implements Sampler {
  private final List<String> names = new ArrayList<>();
  private final List<List<Object>> values = new ArrayList<>();
  private final int size;

  GridSampler(SearchSpace space) {
    long n = 1;
    for (Map.Entry<String, sweep.spec.ParamSpec> e : space.parameters().entrySet()) {
      if (e.getValue().searched()) {
        List<Object> v = e.getValue().gridValues();
        if (v == null) {
          throw new IllegalArgumentException("grid search cannot enumerate " + e.getKey());
        }
        names.add(e.getKey());
        values.add(v);
        n *= v.size();
      }
    }
    this.size = (int) Math.min(Integer.MAX_VALUE, n);
  }

  @Override
  public Map<String, Object> propose(int number, List<Observation> history) {
    if (number < 0 || number >= size) {
      throw new IllegalArgumentException("grid point " + number + " is outside the grid of " + size);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int rest = number;
    for (int d = names.size() - 1; d >= 0; d--) {
      List<Object> v = values.get(d);
      out.put(names.get(d), v.get(rest % v.size()));
      rest /= v.size();
    }
    return out;
  }

  @Override
  public OptionalInt capacity() {
    return OptionalInt.of(size);
  }
}
