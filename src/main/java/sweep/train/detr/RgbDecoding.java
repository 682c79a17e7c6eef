package sweep.train.detr;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Image files decoded with ImageIO and converted to 8-bit RGB the way PIL opens them and converts them with
 * {@code convert("RGB")}, from the raw samples (never through Java's colour conversion, which would gamma-map gray):
 * <ul>
 *   <li>RGB and RGBA: the red, green and blue samples, alpha dropped (no compositing);</li>
 *   <li>gray and gray with alpha: the gray sample in all three channels, alpha dropped;</li>
 *   <li>palette images (and gray below 8 bits, which ImageIO reads as a gray ramp, as PIL scales it): the palette
 *       colour;</li>
 *   <li>16-bit samples: the high byte (PIL's {@code ;16B} unpackers), except 16-bit gray without alpha, which PIL opens
 *       as mode {@code I} and converts by clipping to 255.</li>
 * </ul>
 * PNG decodes to the same samples as PIL; JPEG is decoded by Java's decoder, which can differ from libjpeg's by a
 * level or two. ICC profiles and gamma chunks are ignored, as PIL ignores them.
 */
final class RgbDecoding {
  private RgbDecoding() {}

  static RgbImage read(Path file) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (image == null) {
      throw new IOException("cannot read image " + file + ": no ImageIO reader takes it");
    }
    try {
      return convert(image);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /** The image's samples as PIL's {@code convert("RGB")} would give them. */
  static RgbImage convert(BufferedImage image) {
    int height = image.getHeight();
    int width = image.getWidth();
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    byte[] rgb = new byte[height * width * 3];
    if (model instanceof IndexColorModel palette) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int index = raster.getSample(x, y, 0);
          put(rgb, (y * width + x) * 3, palette.getRed(index), palette.getGreen(index), palette.getBlue(index));
        }
      }
    } else if (model instanceof ComponentColorModel && model.getNumColorComponents() == 1) {
      boolean clip = model.getComponentSize(0) == 16 && !model.hasAlpha();
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int raw = raster.getSample(x, y, 0);
          int gray = clip ? Math.min(raw, 255) : eightBit(raw, model.getComponentSize(0));
          put(rgb, (y * width + x) * 3, gray, gray, gray);
        }
      }
    } else if (model instanceof ComponentColorModel && model.getNumColorComponents() == 3
        && model.getColorSpace().getType() == ColorSpace.TYPE_RGB) {
      int bits = model.getComponentSize(0);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          put(rgb, (y * width + x) * 3, eightBit(raster.getSample(x, y, 0), bits),
              eightBit(raster.getSample(x, y, 1), bits), eightBit(raster.getSample(x, y, 2), bits));
        }
      }
    } else if (model instanceof DirectColorModel && model.getColorSpace().isCS_sRGB()) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int argb = image.getRGB(x, y);
          put(rgb, (y * width + x) * 3, (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
        }
      }
    } else {
      throw new IllegalArgumentException("unsupported colour model " + model.getColorSpace().getType() + " with "
          + model.getNumComponents() + " components");
    }
    return new RgbImage(height, width, rgb);
  }

  private static int eightBit(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    if (bits == 16) {
      return sample >> 8;
    }
    throw new IllegalArgumentException(bits + "-bit samples are not supported");
  }

  private static void put(byte[] rgb, int at, int r, int g, int b) {
    rgb[at] = (byte) r;
    rgb[at + 1] = (byte) g;
    rgb[at + 2] = (byte) b;
  }
}
