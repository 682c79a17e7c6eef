package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hugging Face's {@code DeformableDetrImageProcessor.post_process_object_detection(outputs, threshold, target_sizes,
 * top_k)}: per image, the sigmoid of every (query, class) logit (libtorch's, read as float32), the {@code top_k} largest
 * over queries x classes flattened, each one's class {@code index % num_classes} and box {@code index / num_classes},
 * the box turned from (cx, cy, w, h) to corners ({@code cx - 0.5 * w}, ... in float32) and scaled by the image's
 * target width and height, then those with a score above the threshold (compared in float32, as torch compares a
 * float32 tensor with a Python float) kept, best first.
 *
 * <p>Ties: {@code torch.topk} leaves the order of equal scores, and which of them make the cut, unspecified (on CPU
 * it returns them in no particular order). Here the ranking is done in Java with a stable order: descending score,
 * equal scores by ascending flattened index {@code query * num_classes + class}, as
 * {@code torch.sort(descending=True, stable=True)} orders them. NaN ranks above everything, as in torch.
 *
 * <p>Target sizes: the boxes are scaled by whatever size is given, as in Hugging Face, whose examples give the
 * original size. A model trained on {@link DetectionTarget}s, which are relative to the padded batch image, predicts
 * boxes in that frame too; for an image that was padded, original pixels are then the box times the padded size times
 * original / resized per axis, not times the original size, which is right only for an image that was not padded: {@link #processPadded} does that.
 *
 * @param threshold the score a detection must exceed, Hugging Face's default 0.5
 * @param topK how many (query, class) pairs to consider per image before the threshold, Hugging Face's default 100
 */
public record PostProcessor(double threshold, int topK) {
  /** Hugging Face's defaults: threshold 0.5, top_k 100. */
  public static final PostProcessor DEFAULT = new PostProcessor(0.5, 100);

  public PostProcessor {
    if (topK <= 0) {
      throw new IllegalArgumentException("top_k must be positive, got " + topK);
    }
  }

  /**
   * The detections of each image in the batch.
   *
   * @param predictions the last decoder layer's logits {@code [batch, queries, classes]} and boxes
   *     {@code [batch, queries, 4]}
   * @param targetSizes each image's (height, width) to scale the boxes to, usually its original size
   * @return per image, its detections best first
   */
  public List<List<DetectedObject>> process(Predictions predictions, List<PixelSize> targetSizes) {
    Shape logits = predictions.logits().getShape();
    if (logits.dimension() != 3 || targetSizes.size() != logits.get(0)
        || !predictions.boxes().getShape().equals(new Shape(logits.get(0), logits.get(1), 4))) {
      throw new IllegalArgumentException("need logits [batch, queries, classes], boxes [batch, queries, 4] and one "
          + "target size per image, got " + logits + ", " + predictions.boxes().getShape() + " and "
          + targetSizes.size());
    }
    int queries = (int) logits.get(1);
    int classes = (int) logits.get(2);
    float[] scores;
    try (NDArray probabilities = Activation.sigmoid(predictions.logits())) {
      scores = floats(probabilities);
    }
    float[] boxes = floats(predictions.boxes());
    List<List<DetectedObject>> out = new ArrayList<>();
    for (int b = 0; b < targetSizes.size(); b++) {
      out.add(image(Arrays.copyOfRange(scores, b * queries * classes, (b + 1) * queries * classes),
          Arrays.copyOfRange(boxes, b * queries * 4, (b + 1) * queries * 4), classes, targetSizes.get(b).width(),
          targetSizes.get(b).height()));
    }
    return out;
  }

  /**
   * The detections of each image in a padded batch, in each image's original pixels: the boxes, relative to the
   * padded batch image as the model learnt them from {@link DetectionTarget}s, scaled per axis by
   * {@code padded * original / resized}.
   *
   * @param padded the batch's padded (height, width)
   * @param resized each image's size after resizing, before padding
   * @param original each image's size in its file
   */
  public List<List<DetectedObject>> processPadded(Predictions predictions, PixelSize padded, List<PixelSize> resized,
      List<PixelSize> original) {
    if (resized.size() != original.size()) {
      throw new IllegalArgumentException(resized.size() + " resized sizes for " + original.size() + " images");
    }
    List<List<DetectedObject>> scaled = process(predictions, original);
    List<List<DetectedObject>> out = new ArrayList<>();
    for (int b = 0; b < scaled.size(); b++) {
      // process() scaled by the original size; the right factor is padded / resized times that
      float fx = (float) padded.width() / resized.get(b).width();
      float fy = (float) padded.height() / resized.get(b).height();
      List<DetectedObject> image = new ArrayList<>();
      for (DetectedObject d : scaled.get(b)) {
        image.add(new DetectedObject(d.score(), d.classIndex(), d.x0() * fx, d.y0() * fy, d.x1() * fx, d.y1() * fy));
      }
      out.add(image);
    }
    return out;
  }

  /** One image's detections from its scores {@code [queries * classes]} and boxes {@code [queries * 4]}. */
  private List<DetectedObject> image(float[] scores, float[] boxes, int classes, float width, float height) {
    List<DetectedObject> kept = new ArrayList<>();
    for (int index : rank(scores, Math.min(topK, scores.length))) {
      if (!(scores[index] > (float) threshold)) {
        continue;
      }
      int at = index / classes * 4;
      float cx = boxes[at];
      float cy = boxes[at + 1];
      float w = boxes[at + 2];
      float h = boxes[at + 3];
      kept.add(new DetectedObject(scores[index], index % classes, (cx - 0.5f * w) * width,
          (cy - 0.5f * h) * height, (cx + 0.5f * w) * width, (cy + 0.5f * h) * height));
    }
    return kept;
  }

  private static float[] floats(NDArray array) {
    if (array.getDataType() == DataType.FLOAT32) {
      return array.toFloatArray();
    }
    try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
      return converted.toFloatArray();
    }
  }

  /** The positions of the {@code k} largest scores, largest first, equal scores in ascending position. */
  private static int[] rank(float[] scores, int k) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = order[i];
    }
    return top;
  }
}
