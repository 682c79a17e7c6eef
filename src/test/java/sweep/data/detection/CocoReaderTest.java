package sweep.data.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.BadRowPolicy;
import sweep.util.BadInputException;

/** COCO validation: every reason counted under skip, the first one thrown under fail. */
class CocoReaderTest {
  @TempDir Path dir;

  private static final String EVERY_KIND = """
      {"categories": [{"id": 1, "name": "Text"}, {"id": 2, "name": "CheckBox"}],
       "images": [
         {"id": 1, "file_name": "a.png", "width": 40, "height": 30},
         {"id": 2, "file_name": "b.jpg", "width": 50, "height": 20},
         {"id": 1, "file_name": "a.png", "width": 40, "height": 30},
         {"id": 3, "file_name": "missing.png", "width": 40, "height": 30},
         {"id": 4, "file_name": "junk.png", "width": 40, "height": 30},
         {"id": 5, "file_name": "a.png", "width": 41, "height": 30},
         {"file_name": "a.png"}],
       "annotations": [
         {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10]},
         {"id": 2, "image_id": 2, "category_id": 2, "bbox": [45, 5, 5, 5], "area": 20, "iscrowd": 0},
         {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10]},
         {"id": 3, "image_id": 99, "category_id": 1, "bbox": [0, 0, 10, 10]},
         {"id": 4, "image_id": 1, "category_id": 7, "bbox": [0, 0, 10, 10]},
         {"id": 5, "image_id": 1, "category_id": 1, "bbox": [0, 0, 0, 5]},
         {"id": 6, "image_id": 1, "category_id": 1, "bbox": [35, 0, 10, 10]},
         {"id": 7, "image_id": 1, "category_id": 1, "bbox": [39.5, -0.5, 1.4, 5]},
         {"id": 8, "image_id": 3, "category_id": 1, "bbox": [0, 0, 10, 10]},
         {"id": 9, "image_id": 1, "category_id": 1, "bbox": "x"}]}
      """;

  @BeforeEach
  void images() throws Exception {
    DetectionFixtures.image(dir.resolve("a.png"), 40, 30, "png");
    DetectionFixtures.image(dir.resolve("images/b.jpg"), 50, 20, "jpg");
    Files.writeString(dir.resolve("junk.png"), "not an image");
    Files.writeString(dir.resolve("annotations.json"), EVERY_KIND);
  }

  @Test
  void skipCountsEveryReasonAndKeepsTheRest() {
    LoadedDetection r = DetectionDirectory.read(dir, DetectionReadOptions.defaults());
    BadAnnotations bad = r.bad();
    for (BadAnnotationReason reason : BadAnnotationReason.values()) {
      assertThat(bad.count(reason)).as(reason.code()).isEqualTo(reason == BadAnnotationReason.INVALID_ENTRY ? 2 : 1);
    }
    assertThat(bad.summary()).isEqualTo("11 bad: 2 invalid_entry, 1 duplicate_image_id, 1 missing_image,"
        + " 1 undecodable_image, 1 size_mismatch, 1 duplicate_annotation_id, 1 unknown_image, 1 unknown_category,"
        + " 1 non_positive_size, 1 box_outside_image");
    assertThat(r.imageEntries()).isEqualTo(7);
    assertThat(r.boxesWithBadImages()).isEqualTo(1);
    DetectionDataset d = r.dataset();
    assertThat(d.images()).extracting(DetectionImage::id).containsExactly(1L, 2L);
    assertThat(d.images().get(1)).extracting(DetectionImage::width, DetectionImage::height).containsExactly(50, 20);
    assertThat(d.images().get(1).path()).isEqualTo(dir.resolve("images/b.jpg").toAbsolutePath());
    assertThat(d.boxes()).extracting(DetectionBox::id).containsExactly(1L, 2L, 7L);
    assertThat(d.boxes().get(0).area()).isEqualTo(100.0);
    assertThat(d.boxes().get(1).area()).isEqualTo(20.0);
    assertThat(bad.examples(BadAnnotationReason.BOX_OUTSIDE_IMAGE).get(0).message()).isEqualTo(dir.resolve(
        "annotations.json") + ": annotations[6] (id 6): bbox: [35, 0, 10, 10] reaches outside the 40x30 image");
  }

  @Test
  void failThrowsTheFirstBadItemOnOneLine() {
    assertThatThrownBy(() -> DetectionDirectory.read(dir, new DetectionReadOptions(BadRowPolicy.FAIL, List.of())))
        .isInstanceOf(BadAnnotationException.class)
        .hasMessage(dir.resolve("annotations.json") + ": images[2] (id 1): id: image id 1 is an earlier image's");
  }

  @Test
  void fixedCategoriesRenumberAndRejectOthers() throws Exception {
    LoadedDetection r = DetectionDirectory.read(dir, new DetectionReadOptions(BadRowPolicy.SKIP,
        List.of("CheckBox", "Signature")));
    assertThat(r.dataset().categories()).containsExactly(new DetectionCategory(1, "CheckBox"),
        new DetectionCategory(2, "Signature"));
    assertThat(r.dataset().boxes()).extracting(DetectionBox::id, DetectionBox::categoryId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1));
    assertThat(r.bad().count(BadAnnotationReason.UNKNOWN_CATEGORY)).isEqualTo(6);
  }

  @Test
  void theDirectoryNamesTheFilesItLookedFor() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThatThrownBy(() -> DetectionDirectory.read(empty, DetectionReadOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessage("file:" + empty + ": no COCO annotations file (looked for annotations.json and"
            + " _annotations.coco.json)");
    Path rf = Files.createDirectory(dir.resolve("rf"));
    DetectionFixtures.image(rf.resolve("x.png"), 12, 9, "png");
    Files.writeString(rf.resolve("_annotations.coco.json"), """
        {"categories": [{"id": 0, "name": "forms"}], "images": [{"id": 0, "file_name": "x.png", "width": 12,
         "height": 9}], "annotations": [{"id": 0, "image_id": 0, "category_id": 0, "bbox": [1, 1, 11, 8]}]}
        """);
    LoadedDetection r = DetectionDirectory.read(rf, DetectionReadOptions.defaults());
    assertThat(r.bad().summary()).isEqualTo("no bad annotations");
    assertThat(r.dataset().boxes()).hasSize(1);
  }
}
