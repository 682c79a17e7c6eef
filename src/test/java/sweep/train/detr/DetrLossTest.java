package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.util.Json;

/**
 * The matcher and the loss against the PyTorch transcription of transformers' {@code DeformableDetrHungarianMatcher}
 * and {@code DeformableDetrForObjectDetectionLoss} ({@code scripts/reference/deformable_detr_reference.py loss}): three
 * decoder layers (two auxiliary) of float32 predictions, images with different numbers of objects, one without any,
 * and a batch without any object. Per layer and image the cost matrix and the total cost of the matching; every loss
 * term, the total and its gradients with respect to every layer's logits and boxes within 1e-4.
 */
class DetrLossTest {
  private static final double TOLERANCE = 1e-4;
  private static JsonNode golden;

  @BeforeAll
  static void read() throws Exception {
    golden = Json.tree(Files.readString(Path.of(DetrLossTest.class.getResource("/detr/golden/loss.json").toURI())));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mixed", "empty_image", "no_boxes"})
  void matchesTheReference(String name) {
    JsonNode c = golden.get("cases").get(name);
    List<DetectionTarget> targets = targets(c.get("targets"));
    DetrLoss loss = new DetrLoss(coefficients(golden.get("coefficients")));
    assertThat(loss.coefficients()).isEqualTo(LossCoefficients.defaults());
    int layers = golden.get("decoder_layers").asInt();
    try (NDManager m = NDManager.newBaseManager()) {
      List<Predictions> predictions = new ArrayList<>();
      for (int k = 0; k < layers; k++) {
        NDArray logits = Golden.array(m, c.get("logits").get(k));
        NDArray boxes = Golden.array(m, c.get("pred_boxes").get(k));
        logits.setRequiresGradient(true);
        boxes.setRequiresGradient(true);
        predictions.add(new Predictions(logits, boxes));
      }
      LossTerms terms;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        terms = loss.compute(predictions.get(layers - 1), predictions.subList(0, layers - 1), targets);
        collector.backward(terms.total());
      }
      assertMatches(c, terms.matches(), predictions, targets, loss);
      List<String> names = new ArrayList<>();
      c.get("losses").fieldNames().forEachRemaining(names::add);
      assertThat(terms.terms().keySet()).containsExactlyElementsOf(names);
      for (String term : names) {
        assertThat(terms.term(term)).as(term).isCloseTo(c.get("losses").get(term).asDouble(), offset(TOLERANCE));
      }
      assertThat(terms.total().getShape().dimension()).isZero();
      Golden.assertClose("total", terms.total(), c.get("total"), TOLERANCE);
      for (int k = 0; k < layers; k++) {
        Golden.assertClose("grad logits " + k, predictions.get(k).logits().getGradient(),
            c.get("grad_logits").get(k), TOLERANCE);
        Golden.assertClose("grad boxes " + k, predictions.get(k).boxes().getGradient(),
            c.get("grad_pred_boxes").get(k), TOLERANCE);
      }
    }
  }

  @Test
  void rejectsTargetsThatDoNotFitThePredictions() {
    DetrLoss loss = new DetrLoss(LossCoefficients.defaults());
    try (NDManager m = NDManager.newBaseManager()) {
      Predictions p = new Predictions(m.randomNormal(new ai.djl.ndarray.types.Shape(1, 3, 2)),
          m.full(new ai.djl.ndarray.types.Shape(1, 3, 4), 0.3f));
      DetectionTarget classThree = new DetectionTarget(new int[] {2}, new float[] {0.5f, 0.5f, 0.2f, 0.2f});
      assertThatThrownBy(() -> loss.compute(p, List.of(), List.of(classThree)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 2, outside [0, 2)");
      assertThatThrownBy(() -> loss.compute(p, List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 images predicted but 0 targets");
      DetectionTarget negativeWidth = new DetectionTarget(new int[] {1}, new float[] {0.5f, 0.5f, -0.2f, 0.2f});
      assertThatThrownBy(() -> loss.compute(p, List.of(), List.of(negativeWidth)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corner boxes");
    }
    assertThatThrownBy(() -> new HungarianMatcher(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Per layer (the last first) and image: the cost matrix equals the reference's, and the matching found costs what
   * the reference's (scipy's) does on the reference's matrix; ties aside, the two are the same matching.
   */
  private static void assertMatches(JsonNode c, List<List<Assignment>> matches, List<Predictions> predictions,
      List<DetectionTarget> targets, DetrLoss loss) {
    int layers = predictions.size();
    assertThat(matches).hasSize(layers);
    HungarianMatcher matcher = HungarianMatcher.of(loss.coefficients());
    for (int l = 0; l < layers; l++) {
      Predictions p = predictions.get(l == 0 ? layers - 1 : l - 1);
      List<double[][]> costs = matcher.costs(p, targets);
      for (int b = 0; b < targets.size(); b++) {
        String what = "layer " + l + " image " + b;
        double[][] expectedCost = matrix(c.get("costs").get(l).get(b));
        assertThat(costs.get(b)).as(what + " costs").hasNumberOfRows(expectedCost.length);
        for (int q = 0; q < expectedCost.length; q++) {
          assertThat(costs.get(b)[q]).as(what + " costs row " + q).containsExactly(expectedCost[q], offset(1e-9));
        }
        JsonNode pairs = c.get("indices").get(l).get(b);
        Assignment reference = Assignment.of(ints(pairs.get(0)), ints(pairs.get(1)));
        Assignment found = matches.get(l).get(b);
        assertThat(found.size()).as(what + " pairs").isEqualTo(reference.size());
        assertThat(found.total(expectedCost)).as(what + " matching cost")
            .isCloseTo(reference.total(expectedCost), offset(TOLERANCE));
      }
    }
  }

  private static LossCoefficients coefficients(JsonNode c) {
    return new LossCoefficients(c.get("class_cost").asDouble(), c.get("bbox_cost").asDouble(),
        c.get("giou_cost").asDouble(), c.get("bbox_loss_coefficient").asDouble(),
        c.get("giou_loss_coefficient").asDouble(), c.get("focal_alpha").asDouble());
  }

  private static List<DetectionTarget> targets(JsonNode targets) {
    List<DetectionTarget> out = new ArrayList<>();
    for (JsonNode t : targets) {
      List<Double> boxes = new ArrayList<>();
      Golden.flatten(t.get("boxes"), boxes);
      float[] flat = new float[boxes.size()];
      for (int i = 0; i < flat.length; i++) {
        flat[i] = boxes.get(i).floatValue();
      }
      out.add(new DetectionTarget(ints(t.get("class_labels")), flat));
    }
    return out;
  }

  private static int[] ints(JsonNode list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asInt();
    }
    return out;
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      List<Double> row = new ArrayList<>();
      Golden.flatten(rows.get(i), row);
      out[i] = row.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return out;
  }
}
