package sweep.data.detection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small image files for detection tests. */
final class DetectionFixtures {
  private DetectionFixtures() {}

  /** Writes a {@code w x h} image in {@code format} ({@code png}, {@code jpg}). */
  static Path image(Path file, int w, int h, String format) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(w / 2, h / 2, 0xFF0000);
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }
}
