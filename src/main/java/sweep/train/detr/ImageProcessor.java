package sweep.train.detr;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import sweep.data.detection.DetectionBox;
import sweep.data.detection.DetectionImage;

/**
 * Hugging Face's {@code DeformableDetrImageProcessor.preprocess} with its defaults, for COCO detection annotations,
 * one image at a time on the host: the image read and converted to RGB ({@link RgbImage#read}), resized to
 * {@link ImageSizing#resize} with PIL's bilinear filter ({@link PilBilinear}), rescaled by 1/255 (in double, stored in
 * float32), normalised with ImageNet's mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) in float32, and its
 * boxes converted in float32 as NumPy converts them: crowd boxes dropped, {@code [x, y, w, h]} made corners and
 * clipped to the image, boxes without positive width and height dropped, corners scaled by the float32 ratio of the
 * resized to the original size, then (cx, cy, w, h) divided by the resized width and height. Padding, and the
 * rescaling of the boxes to the padded size: {@link DetrBatch#collate}.
 */
public final class ImageProcessor {
  private static final double RESCALE_FACTOR = 1.0 / 255;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final ImageSizing sizing;
  private final CategoryIndex categories;

  /**
   * @param sizing the resize target
   * @param categories the class numbering of the boxes' categories
   */
  public ImageProcessor(ImageSizing sizing, CategoryIndex categories) {
    this.sizing = Objects.requireNonNull(sizing, "sizing");
    this.categories = Objects.requireNonNull(categories, "categories");
  }

  /** The resize target. */
  public ImageSizing sizing() {
    return sizing;
  }

  /** The class numbering. */
  public CategoryIndex categories() {
    return categories;
  }

  /**
   * Reads {@code image}'s file and prepares it with its boxes. The sizes are the decoded file's, as Hugging Face's
   * are the array's, whatever the annotation file says.
   *
   * @param boxes the image's boxes, in annotation-file order (their order is the targets' order)
   * @throws IOException naming the file, when it cannot be read as an image
   * @throws IllegalArgumentException for a box of another image or of an unknown category
   */
  public PreparedImage prepare(DetectionImage image, List<DetectionBox> boxes) throws IOException {
    return prepare(image.id(), RgbImage.read(image.path()), boxes);
  }

  /**
   * Prepares an image already decoded.
   *
   * @param imageId the image's id, which every box must carry
   * @param boxes the image's boxes, in annotation-file order
   */
  public PreparedImage prepare(long imageId, RgbImage image, List<DetectionBox> boxes) {
    for (DetectionBox b : boxes) {
      if (b.imageId() != imageId) {
        throw new IllegalArgumentException("box " + b.id() + " is on image " + b.imageId() + ", not " + imageId);
      }
    }
    PixelSize original = image.size();
    PixelSize resized = sizing.resize(original);
    RgbImage scaled = PilBilinear.resize(image, resized.height(), resized.width());
    DetectionTarget target = TargetBoxes.prepare(boxes, original, resized, categories);
    return new PreparedImage(imageId, original, resized, normalize(scaled), target);
  }

  /** {@code rescale} then {@code normalize}: {@code ((float) (v * (1 / 255)) - mean) / std}, channels first. */
  static float[] normalize(RgbImage image) {
    int h = image.height();
    int w = image.width();
    byte[] rgb = image.rgb();
    float[] out = new float[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < h * w; i++) {
        float rescaled = (float) ((rgb[i * 3 + c] & 0xff) * RESCALE_FACTOR);
        out[c * h * w + i] = (rescaled - MEAN[c]) / STD[c];
      }
    }
    return out;
  }
}
