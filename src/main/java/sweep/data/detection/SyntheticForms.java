package sweep.data.detection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import sweep.util.Json;

/**
 * Generated form pages in CommonForms' classes, the embedded default detection data.
 *
 * <p><b>Content.</b> A title, then sections with headings holding rows of fields in one or two columns, tables whose
 * cells are fields, and signature blocks. Categories, ids 1, 2, 3 in this order: {@code Text} (the writing area of an
 * input field: an underline or a box, its printed label left of it or above it; a table cell), {@code CheckBox}
 * (a small square with a label to its right, sometimes ticked), {@code Signature} (a line or box under a
 * "Signature" label).
 *
 * <p><b>Scale and noise.</b> Pages are 600-1000 px wide (height 1.25-1.42 times that), fonts 11-18 px. The whole
 * page is rotated by up to 1 degree (boxes become the axis-aligned bounds of their rotated corners, clipped to the
 * page), sometimes lightly blurred, and speckled. Pages are 8-bit grayscale PNG; boxes COCO {@code [x, y, w, h]}
 * in whole pixels, {@code area = w * h}.
 *
 * <p><b>Determinism.</b> Page {@code i} of seed {@code s} uses one {@link SplittableRandom} seeded from
 * {@code (s, i)}; text is drawn in the bundled DejaVu Sans with antialiasing off, and rotation, blur and speckle are
 * integer arithmetic on the pixel array. The same seed gives the same pixels on every machine with the same
 * Java runtime, and page {@code i} does not depend on how many pages are asked for.
 */
public final class SyntheticForms {
  /** The categories, in id order from 1. */
  public static final List<String> CATEGORIES = List.of("Text", "CheckBox", "Signature");

  private SyntheticForms() {}

  /** Page {@code index} of seed {@code seed}. */
  static FormPage page(long seed, int index) {
    return new FormRenderer(new SplittableRandom(mix(seed, index))).render();
  }

  /** The file name of page {@code index}: {@code page-000012.png}. */
  public static String fileName(int index) {
    return String.format(Locale.ROOT, "page-%06d.png", index);
  }

  /**
   * Writes {@code pages} pages as {@code dir/annotations.json} and {@code dir/images/page-000000.png}, ...
   * ({@link DetectionExport#writeCoco}'s layout); {@code dir} is created if needed.
   *
   * @return the data set written, its image paths in {@code dir/images}
   */
  public static DetectionDataset writeCoco(Path dir, long seed, int pages) throws IOException {
    if (pages < 1) {
      throw new IllegalArgumentException("pages must be at least 1, got " + pages);
    }
    Path images = Files.createDirectories(dir.resolve("images"));
    List<DetectionImage> imgs = new ArrayList<>();
    List<DetectionBox> boxes = new ArrayList<>();
    Map<Long, String> names = new LinkedHashMap<>();
    for (int i = 0; i < pages; i++) {
      FormPage page = page(seed, i);
      String name = fileName(i);
      Path file = images.resolve(name);
      ImageIO.write(page.image(), "png", file.toFile());
      DetectionImage img = new DetectionImage(i + 1, name, file.toAbsolutePath(), page.image().getWidth(),
          page.image().getHeight());
      imgs.add(img);
      names.put(img.id(), name);
      for (FormPage.FormBox b : page.boxes()) {
        boxes.add(new DetectionBox(boxes.size() + 1, img.id(), b.category(), b.x(), b.y(), b.w(), b.h(),
            (double) b.w() * b.h(), false));
      }
    }
    List<DetectionCategory> cats = new ArrayList<>();
    for (int i = 0; i < CATEGORIES.size(); i++) {
      cats.add(new DetectionCategory(i + 1, CATEGORIES.get(i)));
    }
    DetectionDataset d = new DetectionDataset(cats, imgs, boxes);
    Files.write(dir.resolve("annotations.json"), Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(DetectionExport.json(d, names)));
    return d;
  }

  /**
   * The pages for {@code (seed, pages)} under {@code dataDir/synthetic-forms-<seed>-<pages>}, written once (into a
   * temporary directory moved into place) and reused after.
   */
  public static Path materialize(Path dataDir, long seed, int pages) throws IOException {
    Path dir = dataDir.resolve(String.format(Locale.ROOT, "synthetic-forms-%d-%d", seed, pages));
    if (Files.isRegularFile(dir.resolve("annotations.json"))) {
      return dir;
    }
    Files.createDirectories(dataDir);
    Path tmp = Files.createTempDirectory(dataDir, ".synthetic-forms-");
    try {
      writeCoco(tmp, seed, pages);
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir);
      }
    } catch (IOException e) {
      if (!Files.isRegularFile(dir.resolve("annotations.json"))) {
        throw e;
      }
    } finally {
      sweep.artifact.LocalArtifacts.deleteTree(tmp);
    }
    return dir;
  }

  /**
   * SHA-256, lowercase hex, of the pages' pixels and boxes (not of PNG bytes, which depend on the encoder): per
   * page, width and height (4 bytes each, big-endian), the grayscale bytes row by row, then one line per box
   * {@code category x y w h\n}.
   */
  public static String fingerprint(long seed, int pages) {
    MessageDigest sha = DetectionHash.sha256();
    for (int i = 0; i < pages; i++) {
      FormPage p = page(seed, i);
      int w = p.image().getWidth();
      int h = p.image().getHeight();
      sha.update(java.nio.ByteBuffer.allocate(8).putInt(w).putInt(h).array());
      sha.update(((java.awt.image.DataBufferByte) p.image().getRaster().getDataBuffer()).getData());
      for (FormPage.FormBox b : p.boxes()) {
        sha.update((b.category() + " " + b.x() + " " + b.y() + " " + b.w() + " " + b.h() + "\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
    }
    return DetectionHash.hex(sha.digest());
  }

  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
