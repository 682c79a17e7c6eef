package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch as Hugging Face's image processor returns it ({@code pixel_values}, {@code pixel_mask}, {@code labels}),
 * with what post-processing and evaluation need besides. Closing it closes the two arrays.
 *
 * @param pixelValues {@code [batch, 3, height, width]} float32, each image top left, zeros below and to the right
 * @param pixelMask {@code [batch, height, width]} int64 (as Hugging Face's), 1 on an image's pixels and 0 on padding
 * @param targets each image's ground truth, boxes (cx, cy, w, h) relative to the padded size ({@link DetectionTarget})
 * @param originalSizes each image's size before resizing, what Hugging Face passes to post-processing as target
 *     sizes (see {@link PostProcessor} on padded images)
 * @param imageIds each image's COCO id
 */
public record DetrBatch(NDArray pixelValues, NDArray pixelMask, List<DetectionTarget> targets,
    List<PixelSize> originalSizes, List<Long> imageIds) implements AutoCloseable {
  public DetrBatch {
    Objects.requireNonNull(pixelValues, "pixelValues");
    Objects.requireNonNull(pixelMask, "pixelMask");
    targets = List.copyOf(targets);
    originalSizes = List.copyOf(originalSizes);
    imageIds = List.copyOf(imageIds);
  }

  /**
   * Pads the images to the largest height and the largest width among them (Hugging Face's {@code pad} with
   * {@code pad_size} unset), makes the pixel mask, and scales each image's relative boxes by its size over the padded
   * size, as Hugging Face does when {@code do_convert_annotations} is on (its default).
   *
   * @param manager where the two arrays are made
   * @param images at least one
   */
  public static DetrBatch collate(NDManager manager, List<PreparedImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one image");
    }
    int height = images.stream().mapToInt(i -> i.resizedSize().height()).max().orElseThrow();
    int width = images.stream().mapToInt(i -> i.resizedSize().width()).max().orElseThrow();
    PixelSize padded = new PixelSize(height, width);
    int count = images.size();
    float[] pixels = new float[count * 3 * height * width];
    long[] mask = new long[count * height * width];
    List<DetectionTarget> targets = new ArrayList<>();
    List<PixelSize> originals = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      PreparedImage image = images.get(b);
      PixelSize size = image.resizedSize();
      image.copyPixelsInto(pixels, b * 3 * height * width, height, width);
      for (int y = 0; y < size.height(); y++) {
        int row = (b * height + y) * width;
        Arrays.fill(mask, row, row + size.width(), 1L);
      }
      targets.add(TargetBoxes.padded(image.target(), size, padded));
      originals.add(image.originalSize());
      ids.add(image.imageId());
    }
    NDArray values = manager.create(pixels, new Shape(count, 3, height, width));
    NDArray pixelMask = manager.create(mask, new Shape(count, height, width));
    return new DetrBatch(values, pixelMask, targets, originals, ids);
  }

  /** The padded size, {@code (height, width)}. */
  public PixelSize paddedSize() {
    Shape shape = pixelValues.getShape();
    return new PixelSize((int) shape.get(2), (int) shape.get(3));
  }

  @Override
  public void close() {
    pixelValues.close();
    pixelMask.close();
  }
}
