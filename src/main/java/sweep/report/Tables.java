package sweep.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

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

  /**
   * A parameter value as a person reads it: a floating-point number to 4 significant digits, plainly between 1e-3
   * and 1e5 ({@code 0.01235}, {@code 1234}), else in scientific notation ({@code 5.622e-05}); anything else as
   * {@link String#valueOf}.
   */
  public static String value(Object v) {
    if (!(v instanceof Double || v instanceof Float)) {
      return String.valueOf(v);
    }
    double d = ((Number) v).doubleValue();
    if (d == 0 || !Double.isFinite(d)) {
      return d == 0 ? "0" : Double.toString(d);
    }
    BigDecimal rounded = new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros();
    double a = Math.abs(rounded.doubleValue());
    if (a >= 1e-3 && a < 1e5) {
      return rounded.toPlainString();
    }
    String[] parts = String.format(Locale.ROOT, "%.3e", d).split("e");
    String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
    return mantissa + "e" + parts[1];
  }

  /** Parameters as {@code name=value} pairs separated by spaces, values as {@link #value} writes them. */
  public static String params(Map<String, ?> params) {
    StringJoiner s = new StringJoiner(" ");
    params.forEach((k, v) -> s.add(k + "=" + value(v)));
    return s.toString();
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
