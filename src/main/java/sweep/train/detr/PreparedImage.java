package sweep.train.detr;

import java.util.Arrays;
import java.util.Objects;

/**
 * One image as the image processor leaves it before batching: resized, rescaled and normalised, with its ground truth.
 * It holds plain Java arrays and no NDArray, and equals another with the same contents, so it can be kept (in memory,
 * keyed by image id and {@link ImageSizing}) and batched again every epoch; padding, and the box scaling that comes
 * with it, depend on the batch and happen in {@link DetrBatch#collate}.
 *
 * @param imageId COCO's image id
 * @param originalSize the image's size as decoded, before resizing: the target size for post-processing
 * @param resizedSize its size after resizing ({@link ImageSizing#resize})
 * @param pixels the normalised pixels, channels first: {@code [3, height, width]} of {@code resizedSize}
 * @param target the objects kept (crowd and degenerate boxes dropped), boxes (cx, cy, w, h) relative to
 *     {@code resizedSize}
 */
public record PreparedImage(long imageId, PixelSize originalSize, PixelSize resizedSize, float[] pixels,
    DetectionTarget target) {
  public PreparedImage {
    Objects.requireNonNull(originalSize, "originalSize");
    Objects.requireNonNull(resizedSize, "resizedSize");
    Objects.requireNonNull(target, "target");
    int expected = 3 * resizedSize.height() * resizedSize.width();
    if (pixels.length != expected) {
      throw new IllegalArgumentException("a " + resizedSize.height() + "x" + resizedSize.width()
          + " image needs " + expected + " pixel values, got " + pixels.length);
    }
    pixels = pixels.clone();
  }

  /** A copy of the normalised pixels, {@code [3, height, width]}. */
  @Override
  public float[] pixels() {
    return pixels.clone();
  }

  /**
   * Writes the pixels into a zeroed {@code [3, height, width]} block of {@code out} at {@code offset}, top left,
   * leaving the rest of the block (the padding) as it is.
   */
  void copyPixelsInto(float[] out, int offset, int height, int width) {
    int h = resizedSize.height();
    int w = resizedSize.width();
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(pixels, (c * h + y) * w, out, offset + (c * height + y) * width, w);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreparedImage p && imageId == p.imageId && originalSize.equals(p.originalSize)
        && resizedSize.equals(p.resizedSize) && Arrays.equals(pixels, p.pixels) && target.equals(p.target);
  }

  @Override
  public int hashCode() {
    return Objects.hash(imageId, originalSize, resizedSize, Arrays.hashCode(pixels), target);
  }

  @Override
  public String toString() {
    return "PreparedImage[" + imageId + ", " + originalSize + " -> " + resizedSize + ", " + target.size()
        + " objects]";
  }
}
