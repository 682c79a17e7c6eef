package sweep.train.detr;

/**
 * An image's height and width in pixels, in that order as Hugging Face writes sizes ({@code (height, width)}).
 *
 * @param height rows, positive
 * @param width columns, positive
 */
public record PixelSize(int height, int width) {
  public PixelSize {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width + " (h x w)");
    }
  }
}
