package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.util.Json;

/**
 * The deformable attention module against the PyTorch transcription of transformers'
 * {@code DeformableDetrMultiscaleDeformableAttention.forward} ({@code scripts/reference/deformable_detr_reference.py
 * attention}), with reference points as points and as boxes and a padded encoder sequence: outputs and gradients with
 * respect to the queries, their position embeddings, the encoder states, the reference points and every weight, within
 * 1e-4 in float32.
 */
class DeformableAttentionTest {
  private static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "reference {0}")
  @ValueSource(strings = {"points", "boxes"})
  void matchesTheReferenceInValuesAndGradients(String kind) throws Exception {
    JsonNode g = Json.tree(Files.readString(Path.of(getClass().getResource("/detr/golden/attention.json").toURI())));
    JsonNode c = g.get("cases").get(kind);
    List<int[]> shapes = new ArrayList<>();
    g.get("spatial_shapes").forEach(s -> shapes.add(new int[] {s.get(0).asInt(), s.get(1).asInt()}));
    DeformableAttention attention = new DeformableAttention(g.get("prefix").asText(), g.get("n_heads").asInt(),
        g.get("n_levels").asInt(), g.get("n_points").asInt());
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> weights = new LinkedHashMap<>();
      g.get("weights").fields().forEachRemaining(e -> weights.put(e.getKey(), Golden.array(m, e.getValue())));
      NDArray hidden = Golden.array(m, g.get("hidden_states"));
      NDArray position = Golden.array(m, g.get("position_embeddings"));
      NDArray encoder = Golden.array(m, g.get("encoder_hidden_states"));
      NDArray reference = Golden.array(m, c.get("reference_points"));
      List<Boolean> maskValues = new ArrayList<>();
      g.get("attention_mask").forEach(row -> row.forEach(v -> maskValues.add(v.asBoolean())));
      boolean[] mask = new boolean[maskValues.size()];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = maskValues.get(i);
      }
      NDArray padding = m.create(mask, new Shape(g.get("attention_mask").size(), mask.length
          / g.get("attention_mask").size()));
      List<NDArray> inputs = new ArrayList<>(List.of(hidden, position, encoder, reference));
      inputs.addAll(weights.values());
      inputs.forEach(a -> a.setRequiresGradient(true));
      NDArray output;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        output = attention.forward(weights::get, hidden, position, encoder, padding, reference, shapes);
        collector.backward(output.mul(Golden.array(m, c.get("grad_output"))).sum());
      }
      assertThat(padding.getDataType()).isEqualTo(DataType.BOOLEAN);
      Golden.assertClose("output", output, c.get("output"), TOLERANCE);
      Golden.assertClose("grad hidden", hidden.getGradient(), c.get("grad_hidden_states"), TOLERANCE);
      Golden.assertClose("grad position", position.getGradient(), c.get("grad_position_embeddings"), TOLERANCE);
      Golden.assertClose("grad encoder", encoder.getGradient(), c.get("grad_encoder_hidden_states"), TOLERANCE);
      Golden.assertClose("grad reference", reference.getGradient(), c.get("grad_reference_points"), TOLERANCE);
      for (Map.Entry<String, NDArray> w : weights.entrySet()) {
        Golden.assertClose("grad " + w.getKey(), w.getValue().getGradient(),
            c.get("grad_weights").get(w.getKey()), TOLERANCE);
      }
    }
  }
}
