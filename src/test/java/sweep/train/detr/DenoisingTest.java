package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import sweep.train.djl.Safetensors;
import sweep.util.Json;

/**
 * Denoising queries against the PyTorch transcription of DN-DETR's {@code dn_components.py} on Hugging Face's decoder
 * ({@code scripts/reference/deformable_detr_reference.py denoising}): a tiny model with box refinement and auxiliary
 * loss, two groups, the noise's draws fixed in the golden file. The noised queries, every layer's outputs of the
 * matching and the denoising queries, every loss term, the total and the gradients of the total plus a random
 * projection of the outputs with respect to the pixels and every trainable tensor (the denoising ones included), within
 * 1e-4; and the matching queries' outputs equal those of a pass without denoising queries (the mask hides them).
 */
class DenoisingTest {
  private static final double TOLERANCE = 1e-4;

  @Test
  void matchesTheReferenceInQueriesOutputsLossAndGradients() throws Exception {
    Path dir = Path.of(DenoisingTest.class.getResource("/detr/golden/denoising.json").toURI()).getParent();
    JsonNode json = Json.tree(Files.readString(dir.resolve("denoising.json")));
    DeformableDetrNetwork network = new DeformableDetrNetwork(DeformableDetrConfig.fromJson(json.get("config")));
    Denoising settings = new Denoising(json.get("denoising_groups").asInt(), json.get("label_noise_ratio").asDouble(),
        json.get("box_noise_scale").asDouble());
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> golden = Safetensors.read(dir.resolve("denoising.safetensors"), m);
      Map<String, NDArray> weights = new LinkedHashMap<>();
      golden.forEach((k, v) -> {
        if (k.startsWith("weights.")) {
          weights.put(k.substring("weights.".length()), v);
        }
      });
      List<ParameterSpec> specs = Stream.concat(network.parameters().stream(),
          new DenoisingEmbedding(network.config()).parameters().stream()).toList();
      Map<String, String> shapes = new TreeMap<>();
      Map<String, String> goldenShapes = new TreeMap<>();
      specs.forEach(p -> shapes.put(p.name(), p.shape().toString()));
      weights.forEach((k, v) -> goldenShapes.put(k, v.getShape().toString()));
      assertThat(shapes).as("names and shapes").isEqualTo(goldenShapes);
      specs.stream().filter(ParameterSpec::trainable).forEach(p -> weights.get(p.name()).setRequiresGradient(true));
      NDArray pixels = golden.get("input.pixel_values");
      pixels.setRequiresGradient(true);

      List<DetectionTarget> targets = new ArrayList<>();
      for (int i = 0; golden.containsKey("labels." + i + ".boxes"); i++) {
        targets.add(new DetectionTarget(ints(golden.get("labels." + i + ".class_labels")),
            golden.get("labels." + i + ".boxes").toFloatArray()));
      }
      DenoisingQueries queries = DenoisingQueries.of(targets, settings,
          doubles(golden.get("noise.label_draws")), ints(golden.get("noise.new_labels")),
          doubles(golden.get("noise.box_draws")));
      NDList inputs = queries.arrays(m);
      close("noised labels", inputs.get(0).reshape(golden.get("dn.labels").getShape()), golden.get("dn.labels"));
      close("noised boxes", inputs.get(1).reshape(golden.get("dn.boxes").getShape()), golden.get("dn.boxes"));

      DeformableDetrNetwork.Outputs outputs;
      LossTerms terms;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        outputs = network.outputs(weights::get, pixels, golden.get("input.pixel_mask"), false, inputs);
        List<Predictions> layers = outputs.layers();
        terms = new DetrLoss(LossCoefficients.defaults()).compute(layers.get(layers.size() - 1),
            layers.subList(0, layers.size() - 1), null, targets, outputs.denoising(), queries.groups());
        NDArray total = terms.total();
        for (int layer = 0; layer < layers.size(); layer++) {
          total = total.add(project(golden, "", layer, layers.get(layer)))
              .add(project(golden, "dn_", layer, outputs.denoising().get(layer)));
        }
        collector.backward(total);
      }
      assertThat(outputs.layers()).hasSize(2);
      assertThat(outputs.denoising()).hasSize(2);
      for (int layer = 0; layer < 2; layer++) {
        close("logits " + layer, outputs.layers().get(layer).logits(), golden.get("output.logits." + layer));
        close("boxes " + layer, outputs.layers().get(layer).boxes(), golden.get("output.boxes." + layer));
        close("dn logits " + layer, outputs.denoising().get(layer).logits(), golden.get("output.dn_logits." + layer));
        close("dn boxes " + layer, outputs.denoising().get(layer).boxes(), golden.get("output.dn_boxes." + layer));
      }
      Map<String, Double> expected = new TreeMap<>();
      golden.forEach((k, v) -> {
        if (k.startsWith("loss.") && !k.equals("loss.total")) {
          expected.put(k.substring("loss.".length()), (double) v.getFloat(0));
        }
      });
      assertThat(new TreeMap<>(terms.terms()).keySet()).as("loss terms").isEqualTo(expected.keySet());
      assertThat(expected).containsKeys("dn_loss_ce", "dn_loss_bbox_0", "dn_loss_giou");
      expected.forEach((k, v) -> assertThat(terms.term(k)).as(k).isCloseTo(v, Offset.offset(TOLERANCE)));
      assertThat((double) terms.total().getFloat()).as("total")
          .isCloseTo(golden.get("loss.total").getFloat(0), Offset.offset(TOLERANCE));
      close("grad pixel_values", pixels.getGradient(), golden.get("grad.pixel_values"));
      int checked = 0;
      for (Map.Entry<String, NDArray> g : golden.entrySet()) {
        if (g.getKey().startsWith("grad.weights.")) {
          String weight = g.getKey().substring("grad.weights.".length());
          close("grad " + weight, weights.get(weight).getGradient(), g.getValue());
          checked += weight.startsWith(DenoisingEmbedding.PREFIX) ? 1 : 0;
        }
      }
      assertThat(checked).as("denoising tensors' gradients checked").isEqualTo(5);

      // the mask hides the denoising queries from the matching ones: their outputs are a plain pass's
      List<Predictions> plain = network.forward(weights::get, pixels, golden.get("input.pixel_mask"), false);
      for (int layer = 0; layer < 2; layer++) {
        assertThat(difference(plain.get(layer).logits(), outputs.layers().get(layer).logits())).isLessThan(1e-5);
        assertThat(difference(plain.get(layer).boxes(), outputs.layers().get(layer).boxes())).isLessThan(1e-5);
      }
    }
  }

  @Test
  void masksMatchingQueriesFromDenoisingOnesAndGroupsFromEachOther() {
    float inf = Float.NEGATIVE_INFINITY;
    // 2 groups of 2 places, 1 matching query: rows are queries, columns keys
    assertThat(DenoisingEmbedding.mask(2, 2, 1)).containsExactly(
        0, 0, inf, inf, 0,
        0, 0, inf, inf, 0,
        inf, inf, 0, 0, 0,
        inf, inf, 0, 0, 0,
        inf, inf, inf, inf, 0);
  }

  @Test
  void drawsNoiseFromTheGivenGeneratorAndPadsShortImages() {
    List<DetectionTarget> targets = List.of(new DetectionTarget(new int[] {1, 0}, new float[] {0.5f, 0.5f, 0.2f, 0.4f,
        0.3f, 0.3f, 0.1f, 0.1f}), new DetectionTarget(new int[] {2}, new float[] {0.6f, 0.4f, 0.2f, 0.2f}));
    Denoising settings = new Denoising(3, 0.2, 0.4);
    DenoisingQueries a = DenoisingQueries.draw(targets, settings, 3, new SplittableRandom(7));
    DenoisingQueries b = DenoisingQueries.draw(targets, settings, 3, new SplittableRandom(7));
    DenoisingQueries c = DenoisingQueries.draw(targets, settings, 3, new SplittableRandom(8));
    assertThat(a.padSize()).isEqualTo(6);
    assertThat(a.labels()).isDeepEqualTo(b.labels());
    assertThat(a.boxes()).isDeepEqualTo(b.boxes());
    assertThat(a.boxes()).isNotEqualTo(c.boxes());
    for (int g = 0; g < 3; g++) {
      assertThat(a.labels()[1][g * 2 + 1]).as("padding").isEqualTo(-1);
      assertThat(a.boxes()[1][4 * (g * 2 + 1)]).isEqualTo(0.5f);
      for (int j = 0; j < 2; j++) {
        int at = 4 * (g * 2 + j);
        float[] box = a.boxes()[0];
        // the centre moves by at most 0.4 * size / 2, the size by at most 0.4 * size
        assertThat(Math.abs(box[at] - targets.get(0).boxes()[4 * j])).isLessThanOrEqualTo(
            0.2f * targets.get(0).boxes()[4 * j + 2] + 1e-6f);
        assertThat(Math.abs(box[at + 2] - targets.get(0).boxes()[4 * j + 2])).isLessThanOrEqualTo(
            0.4f * targets.get(0).boxes()[4 * j + 2] + 1e-6f);
      }
    }
    assertThat(DenoisingQueries.draw(List.of(new DetectionTarget(new int[0], new float[0])), settings, 3,
        new SplittableRandom(1))).as("no object, no queries").isNull();
    assertThat(DetectionSettings.from(Map.of()).denoising()).isEqualTo(Denoising.off());
    assertThat(Denoising.off().enabled()).isFalse();
    assertThat(DetectionSettings.from(Map.of("denoising_groups", 5)).denoising()).isEqualTo(new Denoising(5, 0.2, 0.4));
    assertThatThrownBy(() -> DetectionSettings.from(Map.of("box_noise_scale", -0.1)))
        .hasMessage("parameter box_noise_scale out of range: -0.1");
    assertThatThrownBy(() -> new Denoising(-1, 0.2, 0.4)).hasMessage("parameter denoising_groups out of range: -1");
    assertThatThrownBy(() -> new Denoising(5, 1.5, 0.4)).hasMessageContaining("label_noise_ratio");
    assertThatThrownBy(() -> new Denoising(5, 0.2, -1)).hasMessageContaining("box_noise_scale");
  }

  @Test
  void trainingBatchesGetSeededQueriesWhoseTermsJoinTheLossAndEvaluationGetsNone() throws Exception {
    Path dir = Path.of(DenoisingTest.class.getResource("/detr/golden/denoising.json").toURI()).getParent();
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(
        Json.tree(Files.readString(dir.resolve("denoising.json"))).get("config"));
    SplittableRandom random = new SplittableRandom(11);
    List<PreparedImage> images = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      float[] pixels = new float[3 * 64 * 48];
      for (int k = 0; k < pixels.length; k++) {
        pixels[k] = (float) random.nextGaussian();
      }
      DetectionTarget target = i == 0
          ? new DetectionTarget(new int[] {2, 0}, new float[] {0.3f, 0.4f, 0.2f, 0.3f, 0.7f, 0.6f, 0.3f, 0.2f})
          : new DetectionTarget(new int[] {1}, new float[] {0.5f, 0.5f, 0.4f, 0.4f});
      images.add(new PreparedImage(i, new PixelSize(64, 48), new PixelSize(64, 48), pixels, target));
    }
    DetectionFamily family = new DetectionFamily(config, null, null, null, new Denoising(2, 0.5, 0.4));
    try (NDManager m = NDManager.newBaseManager()) {
      DeformableDetrModel block = new DeformableDetrModel(config, Map.of(), m, 5, true, true);
      assertThat(block.trainingOnlyParameters()).hasSize(5);
      assertThat(block.parametersByName().keySet()).noneMatch(k -> k.startsWith("denoising."));
      DetrBatch batch = family.batch(images, m);
      assertThat(family.inputs(batch)).as("evaluation's inputs").hasSize(2);
      family.beginEpoch(3, 1);
      NDList inputs = family.trainingInputs(batch);
      assertThat(inputs).hasSize(4);
      assertThat(inputs.get(2).getShape()).isEqualTo(new Shape(2, 2, 2));
      family.beginEpoch(3, 1);
      assertThat(family.trainingInputs(batch).get(3).toFloatArray()).as("the epoch's draws again")
          .containsExactly(inputs.get(3).toFloatArray());
      family.beginEpoch(3, 2);
      assertThat(family.trainingInputs(batch).get(3).toFloatArray()).as("another epoch's")
          .isNotEqualTo(inputs.get(3).toFloatArray());

      NDList outputs = block.forward(new ParameterStore(m, false), inputs, true);
      List<Predictions> layers = DeformableDetrModel.predictions(outputs);
      List<Predictions> noised = DeformableDetrModel.denoisingPredictions(outputs);
      assertThat(layers).hasSize(2);
      assertThat(layers.get(1).logits().getShape().get(1)).isEqualTo(config.numQueries());
      assertThat(noised).hasSize(2);
      assertThat(noised.get(1).boxes().getShape()).isEqualTo(new Shape(2, 4, 4));
      LossTerms alone = new DetrLoss(LossCoefficients.defaults()).compute(layers.get(1), layers.subList(0, 1),
          batch.targets());
      LossTerms with = new DetrLoss(LossCoefficients.defaults()).compute(layers.get(1), layers.subList(0, 1), null,
          batch.targets(), noised, 2);
      double denoisingTerms = 0;
      for (String k : List.of("dn_loss_ce", "dn_loss_ce_0")) {
        denoisingTerms += with.term(k);
      }
      for (String k : List.of("dn_loss_bbox", "dn_loss_bbox_0")) {
        denoisingTerms += 5 * with.term(k);
      }
      for (String k : List.of("dn_loss_giou", "dn_loss_giou_0")) {
        denoisingTerms += 2 * with.term(k);
      }
      assertThat(denoisingTerms).isPositive();
      assertThat((double) family.loss(outputs, batch).getFloat()).as("the family's loss")
          .isCloseTo(with.total().getFloat(), Offset.offset(1e-5))
          .isCloseTo(alone.total().getFloat() + denoisingTerms, Offset.offset(1e-4));
    }
  }

  private static NDArray project(Map<String, NDArray> golden, String kind, int layer, Predictions p) {
    return p.logits().mul(golden.get("grad_output." + kind + "logits." + layer)).sum()
        .add(p.boxes().mul(golden.get("grad_output." + kind + "boxes." + layer)).sum());
  }

  private static int[] ints(NDArray a) {
    float[] f = a.toFloatArray();
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Math.round(f[i]);
    }
    return out;
  }

  private static double[] doubles(NDArray a) {
    float[] f = a.toFloatArray();
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }

  private static double difference(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  private static void close(String what, NDArray actual, NDArray expected) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.getShape());
    double worst = difference(actual, expected);
    assertThat(worst).as(what + ": largest difference").isLessThan(TOLERANCE);
  }
}
