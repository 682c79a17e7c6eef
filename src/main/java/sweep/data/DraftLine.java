package sweep.data;

import java.util.List;

/**
 * A receipt line before layout: what it says and how it is placed, not yet where.
 *
 * @param kind how the line is placed
 * @param body the words from the left (or centered, for headers and text)
 * @param amount the words placed in the amount column on the right (ROW lines only; may be empty)
 * @param gapBefore extra vertical space before the line, in line heights
 */
record DraftLine(Kind kind, List<Token> body, List<Token> amount, double gapBefore) {
  enum Kind {
    /** The merchant name: larger font. */
    HEADER,
    /** A line of text: centered or left-aligned, by the receipt's style. */
    TEXT,
    /** Words on the left, an amount on the right. */
    ROW
  }

  /** A word and its BIO tag. */
  record Token(String text, String label) {}

  DraftLine {
    body = List.copyOf(body);
    amount = List.copyOf(amount);
  }

  int size() {
    return body.size() + amount.size();
  }
}
