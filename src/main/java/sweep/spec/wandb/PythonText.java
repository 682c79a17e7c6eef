package sweep.spec.wandb;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Parameter values as W&B's agent writes them on a command line: Python's {@code str()} ({@code True},
 * {@code 1e-05}, {@code 0.1}, {@code None}, {@code [1, 'a']}) and {@code json.dumps} ({@code {"lr": 1e-05}}).
 */
public final class PythonText {
  private PythonText() {}

  /** {@code str(value)} in Python. */
  public static String str(Object value) {
    if (value instanceof String s) {
      return s;
    }
    return repr(value);
  }

  /** {@code repr(value)} in Python (strings quoted as Python quotes them). */
  public static String repr(Object value) {
    if (value == null) {
      return "None";
    } else if (value instanceof Boolean b) {
      return b ? "True" : "False";
    } else if (value instanceof Double || value instanceof Float) {
      return pyFloat(((Number) value).doubleValue());
    } else if (value instanceof Number n) {
      return n.toString();
    } else if (value instanceof String s) {
      String quote = s.contains("'") && !s.contains("\"") ? "\"" : "'";
      String body = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
      return quote + (quote.equals("'") ? body.replace("'", "\\'") : body) + quote;
    } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
      return container(value, PythonText::repr, PythonText::repr);
    }
    return String.valueOf(value);
  }

  /** {@code json.dumps(value)} in Python (ASCII only, {@code ", "} and {@code ": "} between items). */
  public static String json(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof Boolean b) {
      return b.toString();
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : pyFloat(d);
    } else if (value instanceof Number n) {
      return n.toString();
    } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
      return container(value, k -> json(String.valueOf(k)), PythonText::json);
    }
    String s = String.valueOf(value);
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.append('"').toString();
  }

  /** A list as {@code [a, b]} or a map as {@code {k: v}}, keys and items written by the functions given. */
  private static String container(Object value, java.util.function.Function<Object, String> key,
      java.util.function.Function<Object, String> item) {
    StringBuilder sb = new StringBuilder();
    if (value instanceof List<?> l) {
      l.forEach(v -> sb.append(sb.length() == 0 ? "" : ", ").append(item.apply(v)));
      return "[" + sb + "]";
    }
    ((Map<?, ?>) value).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(key.apply(k)).append(": ")
        .append(item.apply(v)));
    return "{" + sb + "}";
  }

  /** Python's {@code repr} of a float: the shortest digits that read back the same, as Python places them. */
  static String pyFloat(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    } else if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    } else if (d == 0) {
      return 1 / d > 0 ? "0.0" : "-0.0";
    }
    BigDecimal shortest = null;
    for (int p = 1; p <= 17 && shortest == null; p++) {
      BigDecimal c = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (c.doubleValue() == d) {
        shortest = c;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
  }
}
