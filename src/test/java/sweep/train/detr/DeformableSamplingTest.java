package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sweep.util.Json;

/**
 * Multi-scale deformable attention's core against the PyTorch transcription of transformers'
 * {@code multi_scale_deformable_attention} ({@code F.grid_sample}), golden values made by
 * {@code scripts/reference/deformable_detr_reference.py msda} in float64: outputs and the gradients with respect to
 * the values, the sampling locations (some outside the map, so zero padding is exercised) and the attention weights,
 * within 1e-4 in float32.
 */
class DeformableSamplingTest {
  private static final double TOLERANCE = 1e-4;

  @Test
  void matchesGridSampleInValuesAndGradients() throws Exception {
    JsonNode g = Json.tree(Files.readString(Path.of(getClass().getResource("/detr/golden/msda.json").toURI())));
    List<int[]> shapes = new ArrayList<>();
    g.get("spatial_shapes").forEach(s -> shapes.add(new int[] {s.get(0).asInt(), s.get(1).asInt()}));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray value = Golden.array(m, g.get("value"));
      NDArray locations = Golden.array(m, g.get("sampling_locations"));
      NDArray weights = Golden.array(m, g.get("attention_weights"));
      NDArray gradOut = Golden.array(m, g.get("grad_output"));
      value.setRequiresGradient(true);
      locations.setRequiresGradient(true);
      weights.setRequiresGradient(true);
      NDArray output;
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        output = DeformableSampling.attend(value, shapes, locations, weights);
        c.backward(output.mul(gradOut).sum());
      }
      Golden.assertClose("output", output, g.get("output"), TOLERANCE);
      Golden.assertClose("grad value", value.getGradient(), g.get("grad_value"), TOLERANCE);
      Golden.assertClose("grad sampling locations", locations.getGradient(), g.get("grad_sampling_locations"),
          TOLERANCE);
      Golden.assertClose("grad attention weights", weights.getGradient(), g.get("grad_attention_weights"), TOLERANCE);
    }
  }

  @Test
  void aLocationOnAPixelCentreReadsThatPixelAndOneOutsideReadsZero() {
    try (NDManager m = NDManager.newBaseManager()) {
      // one 2x3 map, one head of one channel: pixel (col 2, row 1) holds 6
      NDArray v = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6, 1, 1));
      // centre of pixel (2, 1) is ((2 + 0.5) / 3, (1 + 0.5) / 2); far outside is (2, 2)
      NDArray loc = m.create(new float[] {2.5f / 3, 0.75f, 2f, 2f}, new Shape(1, 2, 1, 1, 1, 2));
      NDArray w = m.ones(new Shape(1, 2, 1, 1, 1));
      float[] out = DeformableSampling.attend(v, List.of(new int[] {2, 3}), loc, w).toFloatArray();
      assertThat(out[0]).isCloseTo(6f, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(out[1]).isEqualTo(0f);
    }
  }
}
