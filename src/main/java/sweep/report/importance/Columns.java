package sweep.report.importance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.search.SearchSpace;
import sweep.spec.ParamSpec;

/**
 * The forest's input columns, encoded as Optuna 3.1's fANOVA encodes them ({@code _SearchSpaceTransform} with
 * {@code transform_log=False, transform_step=False}): a number is one column holding its raw value (log
 * distributions are not taken to log space), bounded by the parameter's {@code [min, max]}; a categorical
 * parameter is one 0/1 column per choice, each bounded by {@code [0, 1]}. Parameters that can take only one value
 * get no column.
 */
final class Columns {
  /** The parameters that have columns, sorted by name. */
  final List<String> params;
  /** For each parameter of {@link #params}, its column indices. */
  final int[][] groups;
  final double[] low;
  final double[] high;
  private final ParamSpec[] specs;

  private Columns(List<String> params, List<ParamSpec> specs, List<int[]> groups, List<double[]> bounds) {
    this.params = List.copyOf(params);
    this.specs = specs.toArray(ParamSpec[]::new);
    this.groups = groups.toArray(int[][]::new);
    this.low = bounds.stream().mapToDouble(b -> b[0]).toArray();
    this.high = bounds.stream().mapToDouble(b -> b[1]).toArray();
  }

  /** The columns of {@code space}'s searched parameters that can take more than one value. */
  static Columns of(SearchSpace space) {
    List<String> params = new ArrayList<>();
    List<ParamSpec> specs = new ArrayList<>();
    List<int[]> groups = new ArrayList<>();
    List<double[]> bounds = new ArrayList<>();
    for (String name : space.searchedNames()) {
      ParamSpec spec = space.get(name);
      List<double[]> b = bounds(spec);
      if (b.isEmpty()) {
        continue;
      }
      int[] group = new int[b.size()];
      for (int i = 0; i < group.length; i++) {
        group[i] = bounds.size() + i;
      }
      params.add(name);
      specs.add(spec);
      groups.add(group);
      bounds.addAll(b);
    }
    return new Columns(params, specs, groups, bounds);
  }

  int size() {
    return low.length;
  }

  /** The bounds of each column of {@code spec}; none when it can take only one value. */
  private static List<double[]> bounds(ParamSpec spec) {
    if (spec instanceof ParamSpec.Categorical c) {
      return c.values().size() < 2 ? List.of() : java.util.Collections.nCopies(c.values().size(), new double[] {0, 1});
    }
    double[] range = null;
    if (spec instanceof ParamSpec.Uniform u) {
      range = new double[] {u.min(), u.max()};
    } else if (spec instanceof ParamSpec.LogUniform l) {
      range = new double[] {l.min(), l.max()};
    } else if (spec instanceof ParamSpec.IntUniform i) {
      range = new double[] {i.min(), i.max()};
    } else if (spec instanceof ParamSpec.QUniform q) {
      range = new double[] {q.min(), q.max()};
    } else if (spec instanceof ParamSpec.QLogUniform q) {
      range = new double[] {q.min(), q.max()};
    } else if (spec instanceof ParamSpec.Mapped m) {
      range = m.span();
    }
    return range == null || !(range[0] < range[1]) ? List.of() : List.<double[]>of(range);
  }

  /**
   * The row of a trial's parameters, or null when a parameter is missing or outside its domain (a number outside
   * {@code [min, max]}, a value that is not one of the choices).
   */
  double[] encode(Map<String, Object> values) {
    double[] row = new double[size()];
    for (int p = 0; p < params.size(); p++) {
      Object v = values.get(params.get(p));
      int[] group = groups[p];
      if (specs[p] instanceof ParamSpec.Categorical c) {
        int choice = indexOf(c.values(), v);
        if (choice < 0) {
          return null;
        }
        row[group[choice]] = 1;
      } else {
        if (!(v instanceof Number n)) {
          return null;
        }
        double x = n.doubleValue();
        if (specs[p] instanceof ParamSpec.Mapped) { // an unbounded distribution's tails count as its span's ends
          x = Math.max(low[group[0]], Math.min(high[group[0]], x));
        }
        if (!(x >= low[group[0]] && x <= high[group[0]])) {
          return null;
        }
        row[group[0]] = x;
      }
    }
    return row;
  }

  private static int indexOf(List<Object> choices, Object v) {
    for (int i = 0; i < choices.size(); i++) {
      Object c = choices.get(i);
      if (c instanceof Number a && v instanceof Number b ? a.doubleValue() == b.doubleValue() : c.equals(v)) {
        return i;
      }
    }
    return -1;
  }
}
