package sweep.data.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.BadRowPolicy;
import sweep.data.source.DataSource;
import sweep.util.BadInputException;

/** Preparing detection data: errors when nothing is usable, seeded splits, hashes, export layouts. */
class DetectionDataTest {
  @TempDir Path dir;

  /** {@code n} images of varying sizes, PNG and JPEG alternately, one box each; {@code missing} of them absent. */
  private Path dataset(String name, int n, int missing) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    StringBuilder images = new StringBuilder();
    StringBuilder anns = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String file = "img" + i + (i % 2 == 0 ? ".png" : ".jpg");
      int w = 20 + i;
      int h = 15 + 2 * i;
      if (i >= missing) {
        DetectionFixtures.image(d.resolve("images").resolve(file), w, h, i % 2 == 0 ? "png" : "jpg");
      }
      images.append(i == 0 ? "" : ",").append("{\"id\": ").append(i + 1).append(", \"file_name\": \"").append(file)
          .append("\", \"width\": ").append(w).append(", \"height\": ").append(h).append('}');
      anns.append(i == 0 ? "" : ",").append("{\"id\": ").append(i + 1).append(", \"image_id\": ").append(i + 1)
          .append(", \"category_id\": 1, \"bbox\": [1, 2, 5, 6]}");
    }
    Files.writeString(d.resolve("annotations.json"), "{\"categories\": [{\"id\": 1, \"name\": \"Text\"}],"
        + " \"images\": [" + images + "], \"annotations\": [" + anns + "]}");
    return d;
  }

  private static DetectionDataConfig config(DataSource source, double fraction, long seed) {
    return new DetectionDataConfig(source, 2, seed, fraction, BadRowPolicy.SKIP, List.of());
  }

  @Test
  void everyImageBadIsOneLine() throws Exception {
    Path d = dataset("gone", 12, 12);
    assertThatThrownBy(() -> DetectionData.prepare(config(new DataSource.LocalPath(d), 0.2, 0), dir, Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessage("file:" + d + ": no usable image among 12 (12 bad: 12 missing_image)");
  }

  @Test
  void aSplitThatWouldBeEmptyIsAnError() throws Exception {
    Path d = dataset("one", 1, 0);
    assertThatThrownBy(() -> DetectionData.prepare(config(new DataSource.LocalPath(d), 0.5, 0), dir, Map.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("file:" + d + ": cannot split 1 image(s) with validation fraction 0.5 and seed 0:");
  }

  @Test
  void pngAndJpegOfDifferentSizesAreRead() throws Exception {
    Path d = dataset("mixed", 6, 0);
    LoadedDetection r = DetectionDirectory.read(d, DetectionReadOptions.defaults());
    assertThat(r.bad().isEmpty()).isTrue();
    assertThat(r.dataset().images()).extracting(i -> i.width() + "x" + i.height())
        .containsExactly("20x15", "21x17", "22x19", "23x21", "24x23", "25x25");
  }

  @Test
  void theSeededSplitIsByImageAndDeterministic() throws Exception {
    Path d = dataset("split", 20, 0);
    PreparedDetection a = DetectionData.prepare(config(new DataSource.LocalPath(d), 0.3, 7), dir, Map.of());
    PreparedDetection b = DetectionData.prepare(config(new DataSource.LocalPath(d), 0.3, 7), dir, Map.of());
    assertThat(a.split()).isEqualTo(b.split());
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(64);
    List<Long> train = a.split().train().images().stream().map(DetectionImage::id).toList();
    List<Long> val = a.split().val().images().stream().map(DetectionImage::id).toList();
    assertThat(train).isNotEmpty().doesNotContainAnyElementsOf(val);
    assertThat(val).isNotEmpty();
    assertThat(train.size() + val.size()).isEqualTo(20);
    assertThat(a.split().val().boxes()).extracting(DetectionBox::imageId).containsExactlyElementsOf(val);
    PreparedDetection other = DetectionData.prepare(config(new DataSource.LocalPath(d), 0.3, 8), dir, Map.of());
    assertThat(other.split()).isNotEqualTo(a.split());
    assertThat(a.badSummary()).isEqualTo("no bad annotations");
  }

  @Test
  void theHashFollowsImageBytesNotFileOrder() throws Exception {
    Path d = dataset("hash", 4, 0);
    DetectionDataset ds = DetectionDirectory.read(d, DetectionReadOptions.defaults()).dataset();
    List<DetectionImage> reversed = new ArrayList<>(ds.images());
    java.util.Collections.reverse(reversed);
    List<DetectionBox> boxes = new ArrayList<>(ds.boxes());
    java.util.Collections.reverse(boxes);
    String h = DetectionHash.of(ds);
    assertThat(DetectionHash.of(new DetectionDataset(ds.categories(), reversed, boxes))).isEqualTo(h);
    DetectionFixtures.image(d.resolve("images/img0.png"), 20, 15, "jpg");
    assertThat(DetectionHash.of(ds)).isNotEqualTo(h);
  }

  @Test
  void exportsRfDetrAndPlainLayoutsThatReadBack() throws Exception {
    Path d = dataset("export", 10, 0);
    PreparedDetection p = DetectionData.prepare(config(new DataSource.LocalPath(d), 0.3, 1), dir, Map.of());
    Path rf = dir.resolve("rf");
    DetectionExport.writeRfDetr(p.split(), rf);
    LoadedDetection train = CocoReader.read(rf.resolve("train/_annotations.coco.json"), rf.resolve("train"),
        DetectionReadOptions.defaults());
    LoadedDetection val = DetectionDirectory.read(rf.resolve("valid"), DetectionReadOptions.defaults());
    assertThat(train.bad().isEmpty() && val.bad().isEmpty()).isTrue();
    assertThat(train.dataset().images()).hasSameSizeAs(p.split().train().images());
    assertThat(val.dataset().boxes()).hasSameSizeAs(p.split().val().boxes());
    assertThat(Files.isRegularFile(rf.resolve("train").resolve(p.split().train().images().get(0).fileName())))
        .isTrue();
    Path plain = dir.resolve("plain");
    DetectionExport.writeCoco(p.loaded().dataset(), plain);
    LoadedDetection back = DetectionDirectory.read(plain, DetectionReadOptions.defaults());
    assertThat(back.bad().isEmpty()).isTrue();
    assertThat(DetectionHash.of(back.dataset())).isEqualTo(DetectionHash.of(p.loaded().dataset()));
  }

  @Test
  void trainAndValFilesAreTakenAsSplit() throws Exception {
    Path t = dataset("t", 3, 0);
    Path v = dataset("v", 2, 1);
    PreparedDetection p = DetectionData.prepare(config(new DataSource.TrainVal(t.resolve("annotations.json"),
        v.resolve("annotations.json")), 0.2, 0), dir, Map.of());
    assertThat(p.split().train().images()).hasSize(3);
    assertThat(p.split().val().images()).hasSize(1);
    assertThat(p.badSummary()).isEqualTo("1 bad: 1 missing_image");
    assertThat(p.loaded().imageEntries()).isEqualTo(5);
  }
}
