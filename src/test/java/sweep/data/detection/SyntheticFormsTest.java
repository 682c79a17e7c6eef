package sweep.data.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic form pages: pinned, deterministic, boxes inside their pages, every category present. */
class SyntheticFormsTest {
  @TempDir Path dir;

  @Test
  void seedZeroIsPinnedAndRendersTheSameTwice() {
    String first = SyntheticForms.fingerprint(0, 8);
    assertThat(SyntheticForms.fingerprint(0, 8)).isEqualTo(first);
    assertThat(first).isEqualTo(PINNED);
    assertThat(SyntheticForms.fingerprint(1, 8)).isNotEqualTo(first);
    assertThat(SyntheticForms.fingerprint(0, 3)).isEqualTo(SyntheticForms.fingerprint(0, 3));
  }

  /** Pixels and boxes of seed 0, pages 0-7, on OpenJDK 17 (the bundled font rasterised without antialiasing). */
  private static final String PINNED = "1010c32ef2adc262767701ae26a8b1a77cf42fc2bf7e3d2e99fe997db4412a8d";

  @Test
  void fieldsOfAPageDoNotOverlap() throws Exception {
    DetectionDataset d = SyntheticForms.writeCoco(dir, 3, 24);
    java.util.Map<Long, java.util.List<DetectionBox>> byPage = new java.util.HashMap<>();
    d.boxes().forEach(b -> byPage.computeIfAbsent(b.imageId(), k -> new java.util.ArrayList<>()).add(b));
    for (java.util.List<DetectionBox> page : byPage.values()) {
      for (int i = 0; i < page.size(); i++) {
        for (int j = i + 1; j < page.size(); j++) {
          DetectionBox a = page.get(i);
          DetectionBox b = page.get(j);
          double w = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
          double h = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
          double overlap = w > 0 && h > 0 ? w * h : 0;
          // the page's slight rotation widens each box to its bounds: neighbours may touch, never cover each other
          assertThat(overlap).as("%s and %s", a, b).isLessThanOrEqualTo(0.25 * Math.min(a.area(), b.area()));
        }
      }
    }
  }

  @Test
  void boxesLieInsideTheirPagesAndEveryCategoryAppears() throws Exception {
    DetectionDataset d = SyntheticForms.writeCoco(dir, 0, 8);
    assertThat(d.categories()).extracting(DetectionCategory::name).containsExactly("Text", "CheckBox", "Signature");
    assertThat(d.categories()).extracting(DetectionCategory::id).containsExactly(1, 2, 3);
    Set<Integer> seen = new HashSet<>();
    for (DetectionBox b : d.boxes()) {
      DetectionImage img = d.images().get((int) b.imageId() - 1);
      assertThat(b.x()).isGreaterThanOrEqualTo(0);
      assertThat(b.y()).isGreaterThanOrEqualTo(0);
      assertThat(b.w()).isPositive();
      assertThat(b.h()).isPositive();
      assertThat(b.x() + b.w()).isLessThanOrEqualTo(img.width());
      assertThat(b.y() + b.h()).isLessThanOrEqualTo(img.height());
      assertThat(b.area()).isEqualTo(b.w() * b.h());
      seen.add(b.categoryId());
    }
    assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(d.images()).allSatisfy(i -> assertThat(i.width()).isBetween(600, 1000));
    LoadedDetection back = DetectionDirectory.read(dir, DetectionReadOptions.defaults());
    assertThat(back.bad().summary()).isEqualTo("no bad annotations");
    assertThat(back.dataset().boxes()).hasSameSizeAs(d.boxes());
    assertThat(DetectionHash.of(back.dataset())).isEqualTo(DetectionHash.of(d));
  }
}
