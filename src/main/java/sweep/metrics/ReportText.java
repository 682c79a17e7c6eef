package sweep.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import sweep.metrics.Seqeval.Report;
import sweep.metrics.Seqeval.TypeScore;

/** seqeval's {@code StringReporter}: the layout of {@code classification_report(..., digits=4)}. */
final class ReportText {
  private static final int DIGITS = 4;

  private ReportText() {}

  static String format(Report report) {
    int width = "weighted avg".length();
    for (TypeScore t : report.types()) {
      width = Math.max(width, t.type().codePointCount(0, t.type().length()));
    }
    StringBuilder sb = new StringBuilder();
    sb.append(pad("", width)).append(' ');
    for (String h : List.of("precision", "recall", "f1-score", "support")) {
      sb.append(' ').append(pad(h, 9));
    }
    sb.append("\n\n");
    for (TypeScore t : report.types()) {
      row(sb, width, t.type(), t.precision(), t.recall(), t.f1(), t.support());
    }
    sb.append('\n');
    row(sb, width, "micro avg", report.micro());
    row(sb, width, "macro avg", report.macro());
    row(sb, width, "weighted avg", report.weighted());
    return sb.toString();
  }

  private static void row(StringBuilder sb, int width, String name, Seqeval.Average a) {
    row(sb, width, name, a.precision(), a.recall(), a.f1(), a.support());
  }

  /** Python's {@code '{:>W}s ' + ' {:>9.4f}' * 3 + ' {:>9}'}. */
  private static void row(StringBuilder sb, int width, String name, double p, double r, double f, int support) {
    sb.append(pad(name, width)).append(' ');
    for (double v : new double[] {p, r, f}) {
      sb.append(' ').append(pad(fixed(v), 9));
    }
    sb.append(' ').append(pad(Integer.toString(support), 9)).append('\n');
  }

  /** Python's {@code '.4f'}: the exact binary value rounded half to even (Java's %f rounds differently at ties). */
  static String fixed(double v) {
    return new BigDecimal(v).setScale(DIGITS, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Right-aligns to {@code width} code points, as Python's {@code '{:>N}'} does. */
  private static String pad(String s, int width) {
    int len = s.codePointCount(0, s.length());
    return len >= width ? s : " ".repeat(width - len) + s;
  }
}
