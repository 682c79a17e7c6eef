package sweep.data;

import java.util.ArrayList;
import java.util.List;
import sweep.data.DraftLine.Kind;
import sweep.data.DraftLine.Token;

/**
 * Places a receipt's lines on a page in 0..1000 coordinates: page offset, receipt width, font size (box heights),
 * line spacing, centered or left-aligned text, and amounts right-aligned or in a price column all vary per receipt.
 * A receipt too long for the page is scaled down to fit; a line too wide for the receipt is set narrower.
 */
final class ReceiptLayout {
  private static final double BOTTOM = 990;

  private final Dice dice;
  private final double left;
  private final double right;
  private final double top;
  private final double charRatio;
  private final double spaceRatio;
  private final double lineGap;
  private final double headerScale;
  private final boolean headerCentered;
  private final boolean textCentered;
  private final Double priceColumn;
  private double fontHeight;

  ReceiptLayout(Dice dice) {
    this.dice = dice;
    this.left = dice.uniform(15, 200);
    double width = dice.uniform(420, Math.min(900, 985 - left));
    this.right = left + width;
    this.top = dice.uniform(10, 120);
    this.fontHeight = dice.uniform(11, 20);
    this.charRatio = dice.uniform(0.5, 0.65);
    this.spaceRatio = dice.uniform(0.8, 1.4);
    this.lineGap = dice.uniform(1.25, 1.9);
    this.headerScale = dice.uniform(1.1, 1.7);
    this.headerCentered = dice.chance(0.65);
    this.textCentered = headerCentered ? dice.chance(0.7) : dice.chance(0.2);
    this.priceColumn = dice.chance(0.3) ? left + width * dice.uniform(0.6, 0.75) : null;
  }

  /** The lines with boxes, ids {@code 000}, {@code 001}, ... top to bottom. */
  List<LabeledLine> place(String documentId, List<DraftLine> drafts) {
    fitHeight(drafts);
    List<LabeledLine> out = new ArrayList<>(drafts.size());
    double y = top;
    for (int i = 0; i < drafts.size(); i++) {
      DraftLine d = drafts.get(i);
      double h = height(d);
      if (i > 0) {
        y += d.gapBefore() * fontHeight * lineGap;
      }
      List<String> words = new ArrayList<>();
      List<Box> boxes = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      placeLine(d, y, h, words, boxes, labels);
      out.add(new LabeledLine(documentId, String.format(java.util.Locale.ROOT, "%03d", i), words, boxes, labels));
      y += h * lineGap;
    }
    return out;
  }

  private double height(DraftLine d) {
    return d.kind() == Kind.HEADER ? fontHeight * headerScale : fontHeight;
  }

  /** Shrinks the font (and with it spacing and widths) until the last line ends above the bottom margin. */
  private void fitHeight(List<DraftLine> drafts) {
    double needed = 0;
    for (int i = 0; i < drafts.size(); i++) {
      DraftLine d = drafts.get(i);
      double h = d.kind() == Kind.HEADER ? headerScale : 1.0;
      needed += (i == 0 ? 0 : d.gapBefore() * lineGap) + (i == drafts.size() - 1 ? h : h * lineGap);
    }
    double maxFont = (BOTTOM - top) / needed;
    if (fontHeight > maxFont) {
      fontHeight = maxFont;
    }
  }

  private void placeLine(DraftLine d, double y0, double h, List<String> words, List<Box> boxes, List<String> labels) {
    double cw = h * charRatio;
    double space = cw * spaceRatio;
    double width = right - left;
    if (d.kind() != Kind.ROW) {
      double total = span(d.body(), cw, space);
      double squeeze = Math.min(1.0, width / total);
      boolean centered = d.kind() == Kind.HEADER ? headerCentered : textCentered;
      double x = centered ? left + (width - total * squeeze) / 2 : left + dice.uniform(0, 3);
      put(d.body(), x, y0, h, cw * squeeze, space * squeeze, words, boxes, labels);
      return;
    }
    double amountWidth = span(d.amount(), cw, space);
    double amountStart = right - amountWidth;
    if (priceColumn != null && priceColumn + amountWidth <= right) {
      amountStart = priceColumn;
    }
    double bodyRoom = amountStart - 2 * space - left;
    double bodyWidth = span(d.body(), cw, space);
    double squeeze = bodyWidth <= 0 ? 1.0 : Math.max(0.2, Math.min(1.0, bodyRoom / bodyWidth));
    put(d.body(), left + dice.uniform(0, 3), y0, h, cw * squeeze, space * squeeze, words, boxes, labels);
    put(d.amount(), amountStart, y0, h, cw, space, words, boxes, labels);
  }

  private void put(List<Token> tokens, double x, double y0, double h, double cw, double space, List<String> words,
      List<Box> boxes, List<String> labels) {
    for (Token t : tokens) {
      double w = width(t.text(), cw);
      boxes.add(box(x + jitter(), y0 + jitter(), x + w + jitter(), y0 + h + jitter()));
      words.add(t.text());
      labels.add(t.label());
      x += w + space;
    }
  }

  private double jitter() {
    return dice.between(-1, 1);
  }

  private static double span(List<Token> tokens, double cw, double space) {
    double total = 0;
    for (Token t : tokens) {
      total += width(t.text(), cw);
    }
    return total + Math.max(0, tokens.size() - 1) * space;
  }

  /** A word's width: narrow punctuation and i/l/1 take half a character, M and W a third more. */
  static double width(String word, double cw) {
    double units = 0;
    for (int i = 0; i < word.length(); i++) {
      char ch = word.charAt(i);
      if (".,:;'!|il1I".indexOf(ch) >= 0) {
        units += 0.5;
      } else if ("MWmw".indexOf(ch) >= 0) {
        units += 1.3;
      } else if (Character.isUpperCase(ch)) {
        units += 1.1;
      } else {
        units += 1.0;
      }
    }
    return units * cw;
  }

  /** A box rounded to whole coordinates, clamped to the page, corners in order. */
  static Box box(double x0, double y0, double x1, double y1) {
    int a = clamp(x0);
    int b = clamp(y0);
    int c = clamp(x1);
    int d = clamp(y1);
    return new Box(Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d));
  }

  private static int clamp(double v) {
    return (int) Math.max(Box.MIN, Math.min(Box.MAX, Math.round(v)));
  }
}
