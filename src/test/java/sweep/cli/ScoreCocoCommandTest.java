package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.testing.Cli;
import sweep.util.Json;

/** {@code sweep score coco}, in-process, on pycocotools' golden cases and on broken files. */
class ScoreCocoCommandTest {
  @TempDir Path dir;

  private static Path golden(String name) throws Exception {
    return Path.of(ScoreCocoCommandTest.class.getResource("/coco/cases/" + name).toURI());
  }

  private String write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file.toString();
  }

  @Test
  void jsonHasTorchmetricsNamesAndPerClassApByName() throws Exception {
    Path c = golden("crowd");
    Cli.Result r = Cli.run("score", "coco", c.resolve("gt.json").toString(), c.resolve("dets.json").toString(),
        "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = Json.tree(r.out());
    JsonNode expected = Json.tree(Files.readString(c.resolve("expected.json")));
    String[] keys = {"map", "map_50", "map_75", "map_small", "map_medium", "map_large", "mar_1", "mar_10",
        "mar_100", "mar_small", "mar_medium", "mar_large"};
    for (int i = 0; i < keys.length; i++) {
      assertThat(j.get(keys[i]).doubleValue()).as(keys[i])
          .isCloseTo(expected.get("stats").get(i).doubleValue(), within(1e-12));
    }
    assertThat(j.get("map_large").doubleValue()).isEqualTo(-1.0);
    assertThat(j.get("map_per_class").get("Signature").doubleValue())
        .isCloseTo(expected.at("/per_class/Signature").doubleValue(), within(1e-12));
    assertThat(j.get("max_dets").toString()).isEqualTo("[1,10,100]");
  }

  @Test
  void maxDetsReadsMapAtTheLastValueAndNamesTheRecall() throws Exception {
    Path c = golden("many-dets-500");
    Cli.Result r = Cli.run("score", "coco", c.resolve("gt.json").toString(), c.resolve("dets.json").toString(),
        "--json", "--max-dets", "500");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = Json.tree(r.out());
    JsonNode expected = Json.tree(Files.readString(c.resolve("expected.json")));
    // pycocotools' own stats[0] is -1 here (summarize asks for maxDets 100); sweep reads map at 500, as RF-DETR does
    assertThat(expected.get("stats").get(0).doubleValue()).isEqualTo(-1.0);
    assertThat(j.get("map").doubleValue())
        .isCloseTo(expected.get("map_at_last_max_dets").doubleValue(), within(1e-12));
    assertThat(j.get("mar_500").doubleValue()).isCloseTo(expected.get("stats").get(8).doubleValue(), within(1e-12));
    assertThat(j.has("mar_100")).isFalse();
  }

  @Test
  void textIsPycocotoolsSummaryThenClasses() throws Exception {
    Path c = golden("perfect");
    Cli.Result r = Cli.run("score", "coco", c.resolve("gt.json").toString(), c.resolve("dets.json").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith(
        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000\n"
            + " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 1.000\n");
    assertThat(r.out()).contains(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = ");
    assertThat(r.out()).contains("\ncategory   AP\n");
  }

  private static final String GT = """
      {"images": [{"id": 1, "width": 100, "height": 100}, {"id": 2, "width": 100, "height": 100}],
       "categories": [{"id": 1, "name": "Text"}, {"id": 2, "name": "CheckBox"}],
       "annotations": [
         {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 30, 40], "area": 1200, "iscrowd": 0}
       ]}
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown image|[{\"image_id\": 9, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}]"
          + "|detection 1: image_id: image 9 is not in GT",
      "unknown category|[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 0.5},"
          + " {\"image_id\": 1, \"category_id\": 5, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}]"
          + "|detection 2: category_id: category 5 is not in GT",
      "negative width|[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, -3, 4], \"score\": 0.5}]"
          + "|detection 1: bbox[2] (width): negative: -3",
      "missing score|[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}]"
          + "|detection 1: score: missing",
      "short box|[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3], \"score\": 0.5}]"
          + "|detection 1: bbox: expected [x, y, width, height], got [1,2,3]",
      "text score|[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": \"high\"}]"
          + "|detection 1: score: expected a number, got \"high\"",
      "not a list|{\"image_id\": 1}|a COCO results file is a JSON list of {image_id, category_id, bbox, score}",
  })
  void badDetectionsNameFileItemAndField(String what, String dets, String message) throws Exception {
    String gt = write("gt.json", GT);
    String d = write("dets.json", dets);
    Cli.Result r = Cli.run("score", "coco", gt, d);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("sweep: " + d + ":1: ").endsWith("\n").doesNotContain("Exception\n\tat");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).contains(message.replace("GT", gt));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "annotation on unknown image|\"image_id\": 1,|\"image_id\": 3,|annotations[0]: image_id: image 3 is not in the "
          + "file's images",
      "missing area|\"area\": 1200,|| annotations[0]: area: missing",
      "negative height|[1, 2, 30, 40]|[1, 2, 30, -40]|annotations[0]: bbox[3] (height): negative: -40",
      "duplicate image|{\"id\": 2, \"width\"|{\"id\": 1, \"width\"|images[1]: id: duplicate id 1",
      "crowd flag|\"iscrowd\": 0|\"iscrowd\": 2|annotations[0]: iscrowd: expected 0 or 1, got 2",
      "not json|\"annotations\": [|\"annotations\": [[|annotations[0]: expected an object",
  })
  void badGroundTruthNamesItemAndField(String what, String from, String to, String message) throws Exception {
    String gt = write("gt.json", GT.replace(from, to == null ? "" : to));
    String d = write("dets.json", "[]");
    Cli.Result r = Cli.run("score", "coco", gt, d);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("sweep: " + gt + ":").contains(message.trim()).endsWith("\n");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void missingFileAndMaxDetsTooSmall() throws Exception {
    String gt = write("gt.json", GT);
    Cli.Result r = Cli.run("score", "coco", gt, dir.resolve("none.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("sweep: " + dir.resolve("none.json") + ": no such file\n");
    r = Cli.run("score", "coco", gt, write("d.json", "[]"), "--max-dets", "5");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("sweep: --max-dets: must be more than 10 (maxDets is 1, 10, N), got 5\n");
  }
}
