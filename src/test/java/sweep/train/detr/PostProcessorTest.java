package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sweep.data.detection.DetectionCategory;
import sweep.metrics.coco.Detection;
import sweep.metrics.coco.GroundTruth;
import sweep.util.Json;

/**
 * Post-processing against the transcription of Hugging Face's {@code post_process_object_detection}
 * ({@code scripts/reference/detr_image_processor_reference.py postprocess}), ranked by a stable sort: logits with
 * ties and saturated scores, a top_k cutting through a tie, a threshold equal to a score in float32. Every detection
 * in the same order, class exact, score and box within 1e-6.
 */
class PostProcessorTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void matchesTheReferenceInOrderAndValues() throws Exception {
    JsonNode g = Json.tree(Files.readString(Path.of(getClass().getResource("/detr/golden/postprocess.json")
        .toURI())));
    List<PixelSize> sizes = new ArrayList<>();
    g.get("target_sizes").forEach(s -> sizes.add(new PixelSize(s.get(0).asInt(), s.get(1).asInt())));
    try (NDManager m = NDManager.newBaseManager()) {
      Predictions predictions = new Predictions(Golden.array(m, g.get("logits")), Golden.array(m, g.get("pred_boxes")));
      for (JsonNode c : g.get("cases")) {
        PostProcessor post = new PostProcessor(c.get("threshold").asDouble(), c.get("top_k").asInt());
        List<List<DetectedObject>> out = post.process(predictions, sizes);
        assertThat(out).hasSize(sizes.size());
        for (int b = 0; b < out.size(); b++) {
          JsonNode expected = c.get("results").get(b);
          List<DetectedObject> got = out.get(b);
          String what = post + " image " + b;
          assertThat(got.stream().map(DetectedObject::classIndex).toList()).as(what + " labels")
              .isEqualTo(ints(expected.get("labels")));
          float[] scores = new float[got.size()];
          float[] boxes = new float[got.size() * 4];
          for (int i = 0; i < got.size(); i++) {
            DetectedObject d = got.get(i);
            scores[i] = d.score();
            System.arraycopy(new float[] {d.x0(), d.y0(), d.x1(), d.y1()}, 0, boxes, 4 * i, 4);
          }
          Golden.assertClose(what + " scores", m.create(scores), expected.get("scores"), TOLERANCE);
          Golden.assertClose(what + " boxes", m.create(boxes), expected.get("boxes"), TOLERANCE);
        }
      }
    }
  }

  @Test
  void detectionsBecomeCocoResults() {
    CategoryIndex categories = new CategoryIndex(List.of(new DetectionCategory(7, "Signature"),
        new DetectionCategory(2, "CheckBox")));
    List<List<DetectedObject>> perImage = List.of(
        List.of(new DetectedObject(0.9f, 1, 1f, 2f, 4f, 8f), new DetectedObject(0.6f, 0, 0f, 0f, 0.5f, 0.25f)),
        List.of(),
        List.of(new DetectedObject(0.7f, 1, 10f, 20f, 15f, 21f)));
    List<Detection> coco = CocoResults.of(perImage, List.of(11L, 12L, 13L), categories, 1);
    assertThat(coco).containsExactly(
        new Detection(1, 11, 7, new GroundTruth.Box(1, 2, 3, 6), 0.9f),
        new Detection(2, 11, 2, new GroundTruth.Box(0, 0, 0.5, 0.25), 0.6f),
        new Detection(3, 13, 7, new GroundTruth.Box(10, 20, 5, 1), 0.7f));
  }

  private static List<Integer> ints(JsonNode values) {
    List<Integer> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asInt()));
    return out;
  }

  @Test
  void boxesOfAPaddedImageComeBackInItsOriginalPixels() {
    try (NDManager m = NDManager.newBaseManager()) {
      // one query, one class; the box is relative to the padded 100 x 200 (height x width) batch image
      Predictions p = new Predictions(m.create(new float[] {3f}, new ai.djl.ndarray.types.Shape(1, 1, 1)),
          m.create(new float[] {0.25f, 0.25f, 0.5f, 0.5f}, new ai.djl.ndarray.types.Shape(1, 1, 4)));
      List<List<DetectedObject>> found = PostProcessor.DEFAULT.processPadded(p, new PixelSize(100, 200),
          List.of(new PixelSize(100, 100)), List.of(new PixelSize(50, 50)));
      // padded pixels (0, 0)-(100, 50), resized to original by a half
      assertThat(found.get(0)).hasSize(1);
      DetectedObject d = found.get(0).get(0);
      assertThat(new float[] {d.x0(), d.y0(), d.x1(), d.y1()}).containsExactly(0f, 0f, 50f, 25f);
    }
  }
}
