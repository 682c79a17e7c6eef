package sweep.metrics.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.util.Json;

/**
 * The evaluator against pycocotools' own numbers: every case under {@code src/test/resources/coco/cases} holds the
 * inputs and pycocotools' outputs (see that folder's README for how they were made). Agreement is to 1e-12, far
 * inside the 1e-6 promised.
 */
class CocoEvalTest {
  private static final double TOLERANCE = 1e-12;

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root = Path.of(CocoEvalTest.class.getResource("/coco/cases").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.sorted().toList().stream();
    }
  }

  @Test
  void everyKindOfCaseIsThere() throws Exception {
    List<String> names = cases().map(p -> p.getFileName().toString()).toList();
    assertThat(names).contains("ties-within-image", "ties-across-images", "crowd", "empty-class", "area-buckets",
        "few-dets", "many-dets-100", "many-dets-500", "many-dets-1-10-300", "ignore-flag", "random-medium",
        "no-dets-for-image-category", "zero-score-and-duplicates", "perfect", "all-wrong",
        "recall-point-rounding", "annotation-id-zero");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithPycocotools(Path dir) throws Exception {
    JsonNode expected = Json.tree(Files.readString(dir.resolve("expected.json")));
    List<Integer> maxDets = new ArrayList<>();
    expected.get("max_dets").forEach(n -> maxDets.add(n.intValue()));
    GroundTruth gt = CocoFiles.readGroundTruth(dir.resolve("gt.json"));
    List<Detection> dets = CocoFiles.readDetections(dir.resolve("dets.json"), gt, dir.resolve("gt.json"));
    CocoEval eval = CocoEval.run(gt, dets, new CocoParams(maxDets));

    // pycocotools' summarize(): stats[0] at maxDets 100, whatever the list holds
    double[] stats = CocoSummary.of(eval, 100).stats();
    for (int i = 0; i < 12; i++) {
      assertThat(stats[i]).as("stats[%d]", i).isCloseTo(expected.get("stats").get(i).doubleValue(),
          within(TOLERANCE));
    }
    int last = maxDets.get(maxDets.size() - 1);
    CocoSummary atLast = CocoSummary.of(eval, last);
    assertThat(atLast.stats()[0]).as("map at maxDets %d", last)
        .isCloseTo(expected.get("map_at_last_max_dets").doubleValue(), within(TOLERANCE));
    Iterator<Map.Entry<String, JsonNode>> classes = expected.get("per_class").fields();
    List<String> order = new ArrayList<>();
    while (classes.hasNext()) {
      Map.Entry<String, JsonNode> c = classes.next();
      order.add(c.getKey());
      assertThat(atLast.perClass().get(c.getKey())).as("AP of %s", c.getKey())
          .isCloseTo(c.getValue().doubleValue(), within(TOLERANCE));
    }
    assertThat(atLast.perClass().keySet()).containsExactlyElementsOf(order);
  }

  @Test
  void recallPointsAreNumpysLinspaceNotTheNearestDecimal() {
    // np.linspace(0, 1, 101)[35] is 35 * 0.01, one ulp above 0.35: a recall of exactly 7/20 does not reach it
    // (the case recall-point-rounding depends on it)
    assertThat(CocoParams.RECALL_THRESHOLDS[35]).isEqualTo(35 * 0.01).isGreaterThan(0.35);
    assertThat(CocoParams.RECALL_THRESHOLDS[100]).isEqualTo(1.0);
    assertThat(CocoParams.IOU_THRESHOLDS[5]).isEqualTo(0.75);
    assertThat(CocoParams.IOU_THRESHOLDS[9]).isEqualTo(0.95);
  }

  @Test
  void aDetectionOnACrowdRegionIsMeasuredAgainstItsOwnArea() {
    GroundTruth.Annotation crowd = new GroundTruth.Annotation(1, 1, 1, new GroundTruth.Box(0, 0, 100, 100), 1e4,
        true);
    GroundTruth.Annotation plain = new GroundTruth.Annotation(2, 1, 1, new GroundTruth.Box(0, 0, 100, 100), 1e4,
        false);
    Detection inside = new Detection(1, 1, 1, new GroundTruth.Box(10, 10, 20, 20), 0.5);
    double[][] iou = CocoEval.ious(List.of(inside), List.of(crowd, plain));
    assertThat(iou[0][0]).isEqualTo(1.0);
    assertThat(iou[0][1]).isEqualTo(400.0 / 10000.0);
  }

  @Test
  void rankingKeepsInputOrderAmongEqualScores() {
    List<Detection> dets = new ArrayList<>();
    double[] scores = {0.5, 0.9, 0.5, 0.0, 0.9, -0.0, 0.5};
    for (int i = 0; i < scores.length; i++) {
      dets.add(new Detection(i + 1, 1, 1, new GroundTruth.Box(0, 0, 1, 1), scores[i]));
    }
    assertThat(CocoEval.ranked(dets, 100).stream().map(Detection::id).toList())
        .containsExactly(2L, 5L, 1L, 3L, 7L, 4L, 6L);
    assertThat(CocoEval.ranked(dets, 3).stream().map(Detection::id).toList()).containsExactly(2L, 5L, 1L);
  }
}
