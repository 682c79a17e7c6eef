package sweep.data.detection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one form page with Java2D, antialiasing off, text in the bundled DejaVu Sans; then scan noise on the pixel
 * array in plain Java (see {@link ScanNoise}). Everything random comes from one {@link SplittableRandom}.
 */
final class FormRenderer {
  private static final Font BASE = loadFont();
  private static final String[] TITLES = {"Application Form", "Registration Form", "Claim Form", "Enrollment Form",
      "Change of Address", "Membership Application", "Patient Intake Form", "Employment Application"};
  private static final String[] HEADINGS = {"Applicant information", "Contact details", "Employment", "Payment",
      "Declaration", "Emergency contact", "Insurance", "Section A", "Section B", "Office use only"};
  private static final String[] TEXT_LABELS = {"Name", "First name", "Last name", "Address", "City", "State",
      "ZIP code", "Phone", "Email", "Date", "Date of birth", "Employer", "Occupation", "Account number",
      "Policy number", "Amount", "Reason", "Company", "Title", "Department", "Country", "Member ID"};
  private static final String[] CHECK_LABELS = {"Yes", "No", "Single", "Married", "I agree", "Email me",
      "Full time", "Part time", "Other", "New", "Renewal", "Cash", "Card"};
  private static final String[] COLUMN_HEADS = {"Item", "Description", "Qty", "Date", "Amount", "Code"};

  private final SplittableRandom rnd;
  private final List<FormPage.FormBox> boxes = new ArrayList<>();
  private Graphics2D g;
  private FontMetrics fm;
  private int width;
  private int height;

  FormRenderer(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  private static Font loadFont() {
    try (InputStream in = FormRenderer.class.getResourceAsStream("/sweep/fonts/DejaVuSans.ttf")) {
      if (in == null) {
        throw new IllegalStateException("the bundled font sweep/fonts/DejaVuSans.ttf is missing");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException | FontFormatException e) {
      throw new IllegalStateException("cannot load the bundled font", e);
    }
  }

  FormPage render() {
    width = 600 + rnd.nextInt(401);
    height = (int) Math.round(width * (1.25 + rnd.nextDouble() * 0.17));
    int fontSize = 11 + rnd.nextInt(8);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    int margin = width / 14 + rnd.nextInt(width / 20);
    int y = margin;
    setFont(fontSize * 1.6f, Font.BOLD);
    String title = pick(TITLES);
    g.drawString(title, rnd.nextBoolean() ? margin : (width - fm.stringWidth(title)) / 2, y + fm.getAscent());
    y += fm.getHeight() * 2;
    setFont(fontSize, Font.PLAIN);
    int line = fm.getHeight();
    int columns = rnd.nextInt(3) == 0 ? 1 : 2;
    while (y < height - margin - line * 6) {
      setFont(fontSize * 1.15f, Font.BOLD);
      g.drawString(pick(HEADINGS), margin, y + fm.getAscent());
      y += fm.getHeight() + line / 2;
      setFont(fontSize, Font.PLAIN);
      int kind = rnd.nextInt(10);
      if (kind < 2) {
        y = table(margin, y, width - 2 * margin, line);
      } else if (kind < 3) {
        y = signature(margin, y, width - 2 * margin, line);
      } else {
        y = fields(margin, y, width - 2 * margin, line, columns);
      }
      y += line;
    }
    g.dispose();
    return ScanNoise.apply(img, boxes, rnd);
  }

  /** Rows of text fields and checkbox groups in one or two columns; returns the y below them. */
  private int fields(int x0, int y, int span, int line, int columns) {
    int rows = 2 + rnd.nextInt(4);
    int gap = line;
    int colWidth = (span - gap * (columns - 1)) / columns;
    for (int r = 0; r < rows && y < height - line * 6; r++) {
      int rowHeight = 0;
      for (int c = 0; c < columns; c++) {
        int x = x0 + c * (colWidth + gap);
        rowHeight = Math.max(rowHeight, rnd.nextInt(4) == 0 ? checkGroup(x, y, colWidth, line)
            : textField(x, y, colWidth, line));
      }
      y += rowHeight + line / 2;
    }
    return y;
  }

  /** A label left of or above an underline or a box; the field box is the writing area. */
  private int textField(int x, int y, int w, int line) {
    String label = pick(TEXT_LABELS) + (rnd.nextBoolean() ? ":" : "");
    int fieldH = line + 2 + rnd.nextInt(Math.max(1, line / 2));
    boolean above = rnd.nextInt(3) == 0;
    int fx;
    int fy;
    int fw;
    if (above) {
      g.drawString(label, x, y + fm.getAscent());
      fx = x;
      fy = y + line + 2;
      fw = w;
    } else {
      g.drawString(label, x, y + fieldH - fm.getDescent() - 1);
      fx = x + fm.stringWidth(label) + line / 2;
      fy = y;
      fw = x + w - fx;
    }
    if (fw < line * 2) {
      return line;
    }
    if (rnd.nextBoolean()) {
      g.drawLine(fx, fy + fieldH - 1, fx + fw - 1, fy + fieldH - 1);
    } else {
      g.drawRect(fx, fy, fw - 1, fieldH - 1);
    }
    boxes.add(new FormPage.FormBox(1, fx, fy, fw, fieldH));
    return fy + fieldH - y;
  }

  /** Two to four small squares, each with a label to its right. */
  private int checkGroup(int x, int y, int w, int line) {
    int size = Math.max(7, line * 3 / 4);
    int cx = x;
    int n = 2 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      String label = pick(CHECK_LABELS);
      int need = size + 4 + fm.stringWidth(label) + line;
      if (cx + need > x + w) {
        break;
      }
      int top = y + (line - size) / 2;
      g.drawRect(cx, top, size - 1, size - 1);
      if (rnd.nextInt(5) == 0) {
        g.drawLine(cx + 2, top + 2, cx + size - 3, top + size - 3);
        g.drawLine(cx + size - 3, top + 2, cx + 2, top + size - 3);
      }
      boxes.add(new FormPage.FormBox(2, cx, top, size, size));
      g.drawString(label, cx + size + 4, y + fm.getAscent());
      cx += need;
    }
    return line;
  }

  /** A signature line (or box) with a "Signature" label, sometimes a date field beside it; returns the y below. */
  private int signature(int x, int y, int span, int line) {
    int h = line * 2 + rnd.nextInt(line + 1);
    int w = span / 2 + rnd.nextInt(span / 4);
    String label = rnd.nextBoolean() ? "Signature" : "Signature of applicant";
    g.drawString(label, x, y + fm.getAscent());
    int top = y + line + 2;
    if (rnd.nextBoolean()) {
      g.drawLine(x, top + h - 1, x + w - 1, top + h - 1);
    } else {
      g.drawRect(x, top, w - 1, h - 1);
    }
    boxes.add(new FormPage.FormBox(3, x, top, w, h));
    if (span - w > line * 8) {
      int dx = x + w + line * 2;
      g.drawString("Date", dx, y + fm.getAscent());
      int dw = x + span - dx;
      g.drawLine(dx, top + h - 1, dx + dw - 1, top + h - 1);
      boxes.add(new FormPage.FormBox(1, dx, top + h - line - 4, dw, line + 4));
    }
    return top + h;
  }

  /** A table: a header row, then rows whose cells are text fields. */
  private int table(int x, int y, int span, int line) {
    int cols = 2 + rnd.nextInt(3);
    int rows = 2 + rnd.nextInt(4);
    int rowH = line + 6 + rnd.nextInt(line / 2 + 1);
    int cellW = span / cols;
    for (int c = 0; c < cols; c++) {
      g.drawString(pick(COLUMN_HEADS), x + c * cellW + 3, y + (rowH + fm.getAscent()) / 2 - 1);
    }
    for (int r = 0; r <= rows + 1; r++) {
      g.drawLine(x, y + r * rowH, x + cols * cellW, y + r * rowH);
    }
    for (int c = 0; c <= cols; c++) {
      g.drawLine(x + c * cellW, y, x + c * cellW, y + (rows + 1) * rowH);
    }
    for (int r = 1; r <= rows; r++) {
      for (int c = 0; c < cols; c++) {
        boxes.add(new FormPage.FormBox(1, x + c * cellW + 1, y + r * rowH + 1, cellW - 1, rowH - 1));
      }
    }
    return y + (rows + 1) * rowH + 1;
  }

  private void setFont(float size, int style) {
    g.setFont(BASE.deriveFont(style, size));
    fm = g.getFontMetrics();
  }

  private String pick(String[] options) {
    return options[rnd.nextInt(options.length)];
  }
}
