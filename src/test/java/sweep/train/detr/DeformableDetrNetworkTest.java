package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.train.djl.Safetensors;
import sweep.util.Json;

/**
 * The whole forward pass against the PyTorch transcription of {@code DeformableDetrForObjectDetection}
 * ({@code scripts/reference/deformable_detr_reference.py model}): a tiny random model with a ResNet-18-shaped
 * backbone, three backbone levels and one extra, one encoder and two decoder layers, on two images, one of them
 * padded; with shared heads and with iterative box refinement. Every layer's logits and boxes, and the gradients of
 * a random projection of them with respect to every trainable tensor, within 1e-4; the model's tensor names, shapes
 * and which of them train equal the reference's; and the gradient with respect to the pixels, which flows through
 * the frozen stem and first stage (no weight there has a gradient to check it), so it is what catches a wrong
 * gradient with respect to a convolution's input (as oneDNN's AVX-512 kernels give: {@link
 * sweep.train.djl.NativeEnvironment}; the build runs the tests with its cap).
 */
class DeformableDetrNetworkTest {
  private static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "refine"})
  void matchesTheReferenceInOutputsAndGradients(String name) throws Exception {
    Path dir = Path.of(getClass().getResource("/detr/golden/model.json").toURI()).getParent();
    JsonNode cases = Json.tree(Files.readString(dir.resolve("model.json"))).get("cases");
    DeformableDetrNetwork network = new DeformableDetrNetwork(DeformableDetrConfig.fromJson(cases.get(name)));
    try (NDManager m = NDManager.newBaseManager()) {
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

      NDArray pixels = golden.get("input.pixel_values");
      pixels.setRequiresGradient(true);
      network.parameters().stream().filter(ParameterSpec::trainable)
          .forEach(p -> weights.get(p.name()).setRequiresGradient(true));
      List<Predictions> predictions;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        predictions = network.forward(weights::get, pixels, golden.get("input.pixel_mask"), false);
        NDArray total = null;
        for (int layer = 0; layer < predictions.size(); layer++) {
          NDArray term = predictions.get(layer).logits().mul(golden.get("grad_output.logits." + layer)).sum()
              .add(predictions.get(layer).boxes().mul(golden.get("grad_output.boxes." + layer)).sum());
          total = total == null ? term : total.add(term);
        }
        collector.backward(total);
      }
      assertThat(predictions).hasSize(2);
      for (int layer = 0; layer < predictions.size(); layer++) {
        close("logits " + layer, predictions.get(layer).logits(), golden.get("output.logits." + layer));
        close("boxes " + layer, predictions.get(layer).boxes(), golden.get("output.boxes." + layer));
      }
      close("grad pixel_values", pixels.getGradient(), golden.get("grad.pixel_values"));
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
}
