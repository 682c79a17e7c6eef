package sweep.data.detection;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated form page.
 *
 * @param image 8-bit grayscale pixels
 * @param boxes its fields, COCO {@code [x, y, w, h]} in whole pixels inside the page
 */
record FormPage(BufferedImage image, List<FormBox> boxes) {
  /** A field: category id (1 Text, 2 CheckBox, 3 Signature) and its box. */
  record FormBox(int category, int x, int y, int w, int h) {}
}
