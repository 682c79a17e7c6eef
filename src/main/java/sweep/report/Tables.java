package sweep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text tables and number formatting shared by the commands that print. */
public final class Tables {
  private Tables() {}

  public static String number(Double v) {
    if (v == null) {
      return "-";
    }
    if (v.isNaN() || v.isInfinite()) {
      return v.toString();
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e6)) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A left-aligned table with a header row and two spaces between columns. */
  public static String render(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < width.length && i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> r : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = i < r.size() ? r.get(i) : "";
        line.append(cell);
        if (i < width.length - 1) {
          line.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
