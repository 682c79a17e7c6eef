package sweep.data;

import java.util.Optional;

/**
 * A word's bounding box in page coordinates, LayoutLM's convention: {@code (x0, y0)} is the top left corner,
 * {@code (x1, y1)} the bottom right, each in {@value #MIN}..{@value #MAX}.
 *
 * <p>A box is not checked when it is made, so that a source can hold a bad box long enough to report it; {@link
 * #problem()} says what is wrong with one, and every line a source hands out has passed {@link LineValidator}.
 */
public record Box(int x0, int y0, int x1, int y1) {
  /** The smallest coordinate. */
  public static final int MIN = 0;
  /** The largest coordinate. */
  public static final int MAX = 1000;

  /** Width, {@code x1 - x0}. */
  public int width() {
    return x1 - x0;
  }

  /** Height, {@code y1 - y0}. */
  public int height() {
    return y1 - y0;
  }

  /** True when {@link #problem()} is empty. */
  public boolean isValid() {
    return problem().isEmpty();
  }

  /**
   * What is wrong with this box, or empty when every coordinate is in {@value #MIN}..{@value #MAX} and
   * {@code x0 <= x1}, {@code y0 <= y1}. A zero-width or zero-height box is valid.
   */
  public Optional<String> problem() {
    if (!inRange(x0) || !inRange(y0) || !inRange(x1) || !inRange(y1)) {
      return Optional.of(this.asText() + " is outside " + MIN + ".." + MAX);
    }
    if (x0 > x1) {
      return Optional.of(this.asText() + " has x0 > x1");
    }
    if (y0 > y1) {
      return Optional.of(this.asText() + " has y0 > y1");
    }
    return Optional.empty();
  }

  /** The box as JSONL writes it: {@code [x0, y0, x1, y1]}. */
  public String asText() {
    return "[" + x0 + ", " + y0 + ", " + x1 + ", " + y1 + "]";
  }

  private static boolean inRange(int v) {
    return v >= MIN && v <= MAX;
  }
}
