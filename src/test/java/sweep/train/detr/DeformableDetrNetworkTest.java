package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.train.djl.Safetensors;
import sweep.util.Json;

/**
 * The whole forward pass against the PyTorch transcription of {@code DeformableDetrForObjectDetection}
 * ({@code scripts/reference/deformable_detr_reference.py model}): a tiny random model with a ResNet-18-shaped
 * backbone, three backbone levels and one extra, one encoder and two decoder layers, on two images, one of them
 * padded; with shared heads, with iterative box refinement, and two-stage (with box refinement). Every layer's logits
 * and boxes, and the gradients of a random projection of them with respect to every trainable tensor, within 1e-4;
 * the model's tensor names, shapes and which of them train equal the reference's. The two-stage case also compares
 * the encoder's proposals and every term of the loss, and its gradients are those of the loss plus the projection
 * (which also covers the proposals). Every case also compares the gradient with respect to the pixels, which flows
 * through the frozen stem and first stage (no weight there has a gradient to check it), so it is what catches a wrong
 * gradient with respect to a convolution's input (as oneDNN's AVX-512 kernels give: {@link
 * sweep.train.djl.NativeEnvironment}; the build runs the tests with its cap).
 */
class DeformableDetrNetworkTest {
  private static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "refine"})
  void matchesTheReferenceInOutputsAndGradients(String name) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Case c = Case.load(name, m);
      List<Predictions> predictions;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        predictions = c.network.forward(c.weights::get, c.golden.get("input.pixel_values"),
            c.golden.get("input.pixel_mask"), false);
        collector.backward(c.projection(predictions));
      }
      c.assertOutputsAndGradients(predictions);
    }
  }

  @Test
  void twoStageMatchesTheReferenceInProposalsLossAndGradients() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Case c = Case.load("two_stage", m);
      assertThat(c.network.config().twoStage()).isTrue();
      assertThat(c.weights).doesNotContainKeys("model.query_position_embeddings.weight",
          "model.reference_points.weight").containsKeys("model.enc_output.weight", "model.pos_trans_norm.bias",
          "class_embed.2.weight", "bbox_embed.2.layers.2.bias");
      List<DetectionTarget> targets = new ArrayList<>();
      for (int i = 0; c.golden.containsKey("labels." + i + ".boxes"); i++) {
        float[] classes = c.golden.get("labels." + i + ".class_labels").toFloatArray();
        int[] labels = new int[classes.length];
        for (int k = 0; k < classes.length; k++) {
          labels[k] = Math.round(classes[k]);
        }
        targets.add(new DetectionTarget(labels, c.golden.get("labels." + i + ".boxes").toFloatArray()));
      }
      DeformableDetrNetwork.Outputs outputs;
      LossTerms terms;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        outputs = c.network.outputs(c.weights::get, c.golden.get("input.pixel_values"),
            c.golden.get("input.pixel_mask"), false);
        List<Predictions> layers = outputs.layers();
        Predictions encoder = outputs.encoder().predictions();
        terms = new DetrLoss(LossCoefficients.defaults()).compute(layers.get(layers.size() - 1),
            layers.subList(0, layers.size() - 1), encoder, targets);
        collector.backward(c.projection(layers).add(terms.total())
            .add(encoder.logits().mul(c.golden.get("grad_output.enc_outputs_class")).sum())
            .add(encoder.boxes().mul(c.golden.get("grad_output.enc_boxes")).sum()));
      }
      close("enc_outputs_class", outputs.encoder().logits(), c.golden.get("output.enc_outputs_class"));
      closeWithInfinities("enc_outputs_coord_logits", outputs.encoder().coordLogits(),
          c.golden.get("output.enc_outputs_coord_logits"));
      Map<String, Double> expectedTerms = new TreeMap<>();
      c.golden.forEach((k, v) -> {
        if (k.startsWith("loss.") && !k.equals("loss.total")) {
          expectedTerms.put(k.substring("loss.".length()), (double) v.getFloat(0));
        }
      });
      assertThat(new TreeMap<>(terms.terms()).keySet()).as("loss terms").isEqualTo(expectedTerms.keySet());
      expectedTerms.forEach((k, v) -> assertThat(terms.term(k)).as(k).isCloseTo(v, Offset.offset(TOLERANCE)));
      assertThat((double) terms.total().getFloat()).as("total")
          .isCloseTo(c.golden.get("loss.total").getFloat(0), Offset.offset(TOLERANCE));
      c.assertOutputsAndGradients(outputs.layers());
    }
  }

  /** One golden model: its configuration, the golden tensors, and the weights by name, those that train marked. */
  private record Case(DeformableDetrNetwork network, Map<String, NDArray> golden, Map<String, NDArray> weights) {
    static Case load(String name, NDManager m) throws Exception {
      Path dir = Path.of(DeformableDetrNetworkTest.class.getResource("/detr/golden/model.json").toURI()).getParent();
      JsonNode cases = Json.tree(Files.readString(dir.resolve("model.json"))).get("cases");
      DeformableDetrNetwork network = new DeformableDetrNetwork(DeformableDetrConfig.fromJson(cases.get(name)));
      Map<String, NDArray> golden = Safetensors.read(dir.resolve("model-" + name + ".safetensors"), m);
      Map<String, NDArray> weights = new LinkedHashMap<>();
      golden.forEach((k, v) -> {
        if (k.startsWith("weights.")) {
          weights.put(k.substring("weights.".length()), v);
        }
      });
      Map<String, String> shapes = new TreeMap<>();
      Map<String, String> goldenShapes = new TreeMap<>();
      weights.forEach((k, v) -> goldenShapes.put(k, v.getShape().toString()));
      network.parameters().forEach(p -> shapes.put(p.name(), p.shape().toString()));
      assertThat(shapes).as("names and shapes").isEqualTo(goldenShapes);
      assertThat(network.parameters().stream().filter(ParameterSpec::trainable).map(p -> "grad.weights." + p.name()))
          .as("the tensors that train").containsExactlyInAnyOrderElementsOf(golden.keySet().stream()
              .filter(k -> k.startsWith("grad.weights.")).toList());
      network.parameters().stream().filter(ParameterSpec::trainable)
          .forEach(p -> weights.get(p.name()).setRequiresGradient(true));
      golden.get("input.pixel_values").setRequiresGradient(true);
      return new Case(network, golden, weights);
    }

    /** The random projection of every layer's logits and boxes the reference back-propagated. */
    NDArray projection(List<Predictions> predictions) {
      NDArray total = null;
      for (int layer = 0; layer < predictions.size(); layer++) {
        NDArray term = predictions.get(layer).logits().mul(golden.get("grad_output.logits." + layer)).sum()
            .add(predictions.get(layer).boxes().mul(golden.get("grad_output.boxes." + layer)).sum());
        total = total == null ? term : total.add(term);
      }
      return total;
    }

    void assertOutputsAndGradients(List<Predictions> predictions) {
      assertThat(predictions).hasSize(2);
      for (int layer = 0; layer < predictions.size(); layer++) {
        close("logits " + layer, predictions.get(layer).logits(), golden.get("output.logits." + layer));
        close("boxes " + layer, predictions.get(layer).boxes(), golden.get("output.boxes." + layer));
      }
      close("grad pixel_values", golden.get("input.pixel_values").getGradient(), golden.get("grad.pixel_values"));
      for (Map.Entry<String, NDArray> g : golden.entrySet()) {
        if (g.getKey().startsWith("grad.weights.")) {
          String weight = g.getKey().substring("grad.weights.".length());
          close("grad " + weight, weights.get(weight).getGradient(), g.getValue());
        }
      }
    }
  }

  private static void close(String what, NDArray actual, NDArray expected) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
    float worst = actual.sub(expected).abs().max().getFloat();
    assertThat((double) worst).as(what + ": largest difference").isLessThan(TOLERANCE);
  }

  /** As {@link #close}, where {@code expected} may hold +infinity: {@code actual} must have it at the same places. */
  private static void closeWithInfinities(String what, NDArray actual, NDArray expected) {
    NDArray infinite = expected.isInfinite();
    assertThat(actual.isInfinite().eq(infinite).all().getBoolean()).as(what + ": where infinite").isTrue();
    assertThat(infinite.any().getBoolean()).as(what + ": some masked").isTrue();
    NDArray zero = expected.zerosLike();
    close(what, NDArrays.where(infinite, zero, actual), NDArrays.where(infinite, zero, expected));
  }
}
