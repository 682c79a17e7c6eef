package sweep.train.detr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An 8-bit RGB image as PIL's {@code Image.open(file).convert("RGB")} holds it: rows top to bottom, each pixel's red,
 * green and blue in turn ({@code [height, width, 3]}, as {@code np.array(image)} gives it).
 *
 * @param height rows
 * @param width columns
 * @param rgb the samples, {@code height * width * 3} bytes read as unsigned
 */
public record RgbImage(int height, int width, byte[] rgb) {
  public RgbImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width + " (h x w)");
    }
    if (rgb.length != height * width * 3) {
      throw new IllegalArgumentException(height + "x" + width + " RGB needs " + height * width * 3 + " bytes, got "
          + rgb.length);
    }
    rgb = rgb.clone();
  }

  /**
   * Reads a PNG or JPEG (or any format ImageIO reads) and converts it to RGB from its raw samples as PIL's
   * {@code convert("RGB")} does: alpha dropped, gray copied to the three channels, palette looked up, 16-bit samples
   * cut to their high byte (16-bit gray without alpha clipped to 255, as PIL's mode {@code I}). PNGs decode to PIL's
   * samples exactly; JPEGs go through Java's decoder, which can differ from libjpeg's by a level or two.
   *
   * @throws IOException naming the file, when it is missing, unreadable, not an image or of a colour model PIL would
   *     not read the same way (CMYK)
   */
  public static RgbImage read(Path file) throws IOException {
    return RgbDecoding.read(file);
  }

  /** The image's size. */
  public PixelSize size() {
    return new PixelSize(height, width);
  }

  /** A copy of the samples. */
  @Override
  public byte[] rgb() {
    return rgb.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage i && height == i.height && width == i.width && Arrays.equals(rgb, i.rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}
