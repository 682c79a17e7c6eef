package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.detection.DetectionBox;
import sweep.data.detection.DetectionCategory;
import sweep.data.detection.DetectionImage;
import sweep.util.Json;

/**
 * The image processor against the transcription of Hugging Face's Deformable DETR pre-processing
 * ({@code scripts/reference/detr_image_processor_reference.py preprocess}): tiny RGB, gray, RGBA, palette and gray
 * with alpha PNGs, resized down, up, by the longest edge and not at all, with boxes across the edges, of zero size,
 * outside and crowd, in two padded batches. Pixel values within 1e-6 (the resize is exact on uint8), masks and sizes
 * exact, classes exact and boxes within 1e-6.
 */
class ImageProcessorTest {
  private static final double TOLERANCE = 1e-6;

  @TempDir
  Path temp;

  @Test
  void matchesTheReferenceBatches() throws Exception {
    JsonNode g = Json.tree(Files.readString(resource("/detr/golden/preprocess.json")));
    List<DetectionCategory> categories = new ArrayList<>();
    g.get("categories").forEach(c -> categories.add(new DetectionCategory(c.get("id").asInt(),
        c.get("name").asText())));
    ImageProcessor processor = new ImageProcessor(new ImageSizing(g.get("shortest_edge").asInt(),
        g.get("longest_edge").asInt()), new CategoryIndex(categories));
    Map<String, JsonNode> entries = new HashMap<>();
    g.get("images").forEach(e -> entries.put(e.get("file_name").asText(), e));
    for (JsonNode expected : g.get("batches")) {
      List<PreparedImage> prepared = new ArrayList<>();
      for (JsonNode name : expected.get("images")) {
        JsonNode e = entries.get(name.asText());
        prepared.add(processor.prepare(image(e), boxes(e)));
      }
      String batch = expected.get("images").toString();
      for (int i = 0; i < prepared.size(); i++) {
        assertThat(prepared.get(i).originalSize()).as(batch + " original size " + i)
            .isEqualTo(size(expected.get("original_sizes").get(i)));
        assertThat(prepared.get(i).resizedSize()).as(batch + " resized size " + i)
            .isEqualTo(size(expected.get("resized_sizes").get(i)));
      }
      try (NDManager m = NDManager.newBaseManager(); DetrBatch out = DetrBatch.collate(m, prepared)) {
        Golden.assertClose(batch + " pixel_values", out.pixelValues(), expected.get("pixel_values"), TOLERANCE);
        assertThat(out.pixelValues().getShape()).isEqualTo(Golden.array(m, expected.get("pixel_values")).getShape());
        assertThat(out.pixelMask().getDataType()).isEqualTo(DataType.INT64);
        assertThat(out.pixelMask().getShape()).isEqualTo(Golden.array(m, expected.get("pixel_mask")).getShape());
        assertThat(out.pixelMask().toLongArray()).as(batch + " pixel_mask").isEqualTo(longs(expected.get("pixel_mask")));
        for (int i = 0; i < prepared.size(); i++) {
          JsonNode label = expected.get("labels").get(i);
          DetectionTarget target = out.targets().get(i);
          assertThat(target.classes()).as(batch + " classes " + i).isEqualTo(ints(label.get("class_labels")));
          Golden.assertClose(batch + " boxes " + i, m.create(target.boxes()), label.get("boxes"), TOLERANCE);
        }
        assertThat(out.originalSizes()).isEqualTo(prepared.stream().map(PreparedImage::originalSize).toList());
      }
    }
  }

  @Test
  void anUnreadableImageIsReportedByItsFile() throws IOException {
    Path bad = Files.writeString(temp.resolve("not-an-image.png"), "this is text, not a PNG");
    ImageProcessor processor = new ImageProcessor(ImageSizing.DEFAULT, new CategoryIndex(List.of()));
    DetectionImage image = new DetectionImage(1, "not-an-image.png", bad, 10, 10);
    assertThatThrownBy(() -> processor.prepare(image, List.of()))
        .isInstanceOf(IOException.class).hasMessageContaining(bad.toString());
    DetectionImage missing = new DetectionImage(2, "missing.png", temp.resolve("missing.png"), 10, 10);
    assertThatThrownBy(() -> processor.prepare(missing, List.of()))
        .isInstanceOf(IOException.class).hasMessageContaining(temp.resolve("missing.png").toString());
  }

  @Test
  void sizingFollowsTheImageSizeParameter() {
    assertThat(ImageSizing.forImageSize(800)).isEqualTo(ImageSizing.DEFAULT);
    assertThat(ImageSizing.forImageSize(512)).isEqualTo(new ImageSizing(512, 853));
    assertThat(ImageSizing.forImageSize(400)).isEqualTo(new ImageSizing(400, 666));
    assertThat(ImageSizing.DEFAULT.resize(new PixelSize(480, 640))).isEqualTo(new PixelSize(800, 1066));
    assertThat(ImageSizing.DEFAULT.resize(new PixelSize(1000, 3000))).isEqualTo(new PixelSize(444, 1333));
  }

  private static DetectionImage image(JsonNode e) throws Exception {
    Path file = resource("/detr/images/" + e.get("file_name").asText());
    return new DetectionImage(e.get("id").asLong(), e.get("file_name").asText(), file, e.get("width").asInt(),
        e.get("height").asInt());
  }

  private static List<DetectionBox> boxes(JsonNode e) {
    List<DetectionBox> out = new ArrayList<>();
    for (JsonNode a : e.get("annotations")) {
      JsonNode b = a.get("bbox");
      out.add(new DetectionBox(a.get("id").asLong(), e.get("id").asLong(), a.get("category_id").asInt(),
          b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(),
          a.get("area").asDouble(), a.get("iscrowd").asInt() == 1));
    }
    return out;
  }

  private static PixelSize size(JsonNode hw) {
    return new PixelSize(hw.get(0).asInt(), hw.get(1).asInt());
  }

  private static int[] ints(JsonNode values) {
    List<Double> flat = new ArrayList<>();
    Golden.flatten(values, flat);
    return flat.stream().mapToInt(Double::intValue).toArray();
  }

  private static long[] longs(JsonNode values) {
    List<Double> flat = new ArrayList<>();
    Golden.flatten(values, flat);
    return flat.stream().mapToLong(Double::longValue).toArray();
  }

  private static Path resource(String name) throws Exception {
    return Path.of(ImageProcessorTest.class.getResource(name).toURI());
  }
}
