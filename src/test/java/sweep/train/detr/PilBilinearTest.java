package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sweep.util.Json;

/**
 * The bilinear resize against PIL's own {@code Image.resize(..., BILINEAR)} of a random RGB image
 * ({@code scripts/reference/detr_image_processor_reference.py resize}): down, up, mixed, the same size and 1x1, every
 * sample equal.
 */
class PilBilinearTest {
  @Test
  void equalsPilSampleForSample() throws Exception {
    JsonNode g = Json.tree(Files.readString(Path.of(getClass().getResource("/detr/golden/resize.json").toURI())));
    RgbImage image = new RgbImage(g.get("height").asInt(), g.get("width").asInt(), bytes(g.get("pixels")));
    for (JsonNode r : g.get("resized")) {
      RgbImage resized = PilBilinear.resize(image, r.get("height").asInt(), r.get("width").asInt());
      String size = r.get("width").asInt() + "x" + r.get("height").asInt() + " (w x h)";
      assertThat(resized.size()).as(size).isEqualTo(new PixelSize(r.get("height").asInt(), r.get("width").asInt()));
      assertThat(resized.rgb()).as(size).isEqualTo(bytes(r.get("pixels")));
    }
  }

  static byte[] bytes(JsonNode values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) values.get(i).asInt();
    }
    return out;
  }
}
