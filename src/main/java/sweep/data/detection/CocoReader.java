package sweep.data.detection;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * Reads one COCO annotations file and the image files it names, and validates both (see
 * {@link BadAnnotationReason}). An image's {@code file_name} is relative to the image directory, or to its
 * {@code images/} sub-directory; width and height come from the file's header (PNG, JPEG, anything ImageIO reads),
 * and must equal the annotations' when given. A bad image is left out with its boxes.
 */
public final class CocoReader {
  /** How far, in pixels, a box may reach outside its image before it is bad. */
  public static final double TOLERANCE = 1.0;

  private CocoReader() {}

  /**
   * Reads {@code annotations} with images under {@code imageDir}.
   *
   * @throws BadInputException when the file is unreadable, not JSON, or lacks the {@code images} or
   *     {@code annotations} list (or {@code categories}, when none are fixed)
   * @throws BadAnnotationException at the first bad item under {@code fail}
   */
  public static LoadedDetection read(Path annotations, Path imageDir, DetectionReadOptions options) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(annotations));
    } catch (IOException e) {
      throw new BadInputException(annotations + ": not a COCO annotations file: " + oneLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(annotations + ": not a COCO annotations file (a JSON object)");
    }
    for (String key : List.of("images", "annotations")) {
      if (!root.path(key).isArray()) {
        throw new BadInputException(annotations + ": no '" + key + "' list");
      }
    }
    BadAnnotationCollector bad = new BadAnnotationCollector(options.policy());
    Map<Integer, Integer> categoryIds = new HashMap<>();
    List<DetectionCategory> categories = categories(annotations, root, options, categoryIds);

    Set<Long> seenImages = new HashSet<>();
    Map<Long, DetectionImage> kept = new LinkedHashMap<>();
    JsonNode images = root.path("images");
    for (int i = 0; i < images.size(); i++) {
      JsonNode e = images.get(i);
      String where = annotations + ": images[" + i + "]";
      Optional<Long> id = integral(e.path("id"));
      if (id.isEmpty()) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "id", "missing or not a whole number"));
        continue;
      }
      where += " (id " + id.get() + ")";
      if (!seenImages.add(id.get())) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.DUPLICATE_IMAGE_ID, "id", "image id " + id.get()
            + " is an earlier image's"));
        continue;
      }
      image(where, id.get(), e, imageDir, bad).ifPresent(img -> kept.put(img.id(), img));
    }

    Set<Long> seenBoxes = new HashSet<>();
    List<DetectionBox> boxes = new ArrayList<>();
    int dropped = 0;
    JsonNode anns = root.path("annotations");
    for (int j = 0; j < anns.size(); j++) {
      JsonNode e = anns.get(j);
      String where = annotations + ": annotations[" + j + "]";
      Optional<Long> id = integral(e.path("id"));
      if (id.isEmpty()) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "id", "missing or not a whole number"));
        continue;
      }
      where += " (id " + id.get() + ")";
      if (!seenBoxes.add(id.get())) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.DUPLICATE_ANNOTATION_ID, "id", "annotation id "
            + id.get() + " is an earlier annotation's"));
        continue;
      }
      Optional<Long> imageId = integral(e.path("image_id"));
      if (imageId.isEmpty()) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "image_id",
            "missing or not a whole number"));
        continue;
      }
      if (!seenImages.contains(imageId.get())) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.UNKNOWN_IMAGE, "image_id", "no image has id "
            + imageId.get()));
        continue;
      }
      DetectionImage image = kept.get(imageId.get());
      if (image == null) {
        dropped++;
        continue;
      }
      box(where, id.get(), image, e, categoryIds, bad).ifPresent(boxes::add);
    }
    DetectionDataset dataset = new DetectionDataset(categories, new ArrayList<>(kept.values()), boxes);
    return new LoadedDetection(dataset, bad.badAnnotations(), images.size(), dropped);
  }

  /** The data set's categories; fills {@code fileToKept} with the file's category id to the kept id. */
  private static List<DetectionCategory> categories(Path file, JsonNode root, DetectionReadOptions options,
      Map<Integer, Integer> fileToKept) {
    Map<Integer, String> inFile = new TreeMap<>();
    JsonNode cats = root.path("categories");
    if (!cats.isArray() && options.categories().isEmpty()) {
      throw new BadInputException(file + ": no 'categories' list (or fix them in the spec's data.categories)");
    }
    for (int i = 0; i < cats.size(); i++) {
      JsonNode c = cats.get(i);
      Optional<Long> id = integral(c.path("id"));
      if (id.isEmpty() || id.get() < Integer.MIN_VALUE || id.get() > Integer.MAX_VALUE || !c.path("name").isTextual()) {
        throw new BadInputException(file + ": categories[" + i + "]: needs a whole-number id and a name");
      }
      if (inFile.put(id.get().intValue(), c.path("name").asText()) != null) {
        throw new BadInputException(file + ": categories[" + i + "]: id " + id.get() + " is listed twice");
      }
    }
    List<DetectionCategory> out = new ArrayList<>();
    if (options.categories().isEmpty()) {
      inFile.forEach((id, name) -> {
        out.add(new DetectionCategory(id, name));
        fileToKept.put(id, id);
      });
      return out;
    }
    for (int i = 0; i < options.categories().size(); i++) {
      out.add(new DetectionCategory(i + 1, options.categories().get(i)));
    }
    if (inFile.isEmpty()) {
      out.forEach(c -> fileToKept.put(c.id(), c.id()));
    }
    inFile.forEach((id, name) -> {
      int at = options.categories().indexOf(name);
      if (at >= 0) {
        fileToKept.put(id, at + 1);
      }
    });
    return out;
  }

  private static Optional<DetectionImage> image(String where, long id, JsonNode e, Path dir,
      BadAnnotationCollector bad) {
    if (!e.path("file_name").isTextual() || e.path("file_name").asText().isEmpty()) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "file_name", "missing or not text"));
      return Optional.empty();
    }
    String name = e.path("file_name").asText();
    Integer[] declared = new Integer[2];
    String[] sizeFields = {"width", "height"};
    for (int k = 0; k < 2; k++) {
      JsonNode v = e.path(sizeFields[k]);
      if (v.isMissingNode() || v.isNull()) {
        continue;
      }
      Optional<Long> n = integral(v);
      if (n.isEmpty() || n.get() <= 0 || n.get() > Integer.MAX_VALUE) {
        bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, sizeFields[k],
            "not a positive whole number: " + v));
        return Optional.empty();
      }
      declared[k] = n.get().intValue();
    }
    Path rel;
    try {
      rel = Path.of(name).normalize();
    } catch (RuntimeException ex) {
      rel = null;
    }
    if (rel == null || rel.isAbsolute() || rel.startsWith("..")) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "file_name", "'" + name
          + "' is not a relative path inside " + dir));
      return Optional.empty();
    }
    Path file = dir.resolve(rel);
    if (!Files.isRegularFile(file)) {
      file = dir.resolve("images").resolve(rel);
    }
    if (!Files.isRegularFile(file)) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.MISSING_IMAGE, "file_name", "no file " + name
          + " in " + dir + " or " + dir.resolve("images")));
      return Optional.empty();
    }
    Optional<int[]> size = ImageSize.of(file);
    if (size.isEmpty()) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.UNDECODABLE_IMAGE, "file_name", file
          + " is not an image ImageIO can read"));
      return Optional.empty();
    }
    int w = size.get()[0];
    int h = size.get()[1];
    if ((declared[0] != null && declared[0] != w) || (declared[1] != null && declared[1] != h)) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.SIZE_MISMATCH, "width/height", declared[0] + "x"
          + declared[1] + " in the annotations, " + w + "x" + h + " in " + file));
      return Optional.empty();
    }
    return Optional.of(new DetectionImage(id, name, file.toAbsolutePath(), w, h));
  }

  private static Optional<DetectionBox> box(String where, long id, DetectionImage image, JsonNode e,
      Map<Integer, Integer> categoryIds, BadAnnotationCollector bad) {
    Optional<Long> cat = integral(e.path("category_id"));
    if (cat.isEmpty()) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "category_id",
          "missing or not a whole number"));
      return Optional.empty();
    }
    Integer kept = cat.get() >= Integer.MIN_VALUE && cat.get() <= Integer.MAX_VALUE
        ? categoryIds.get(cat.get().intValue()) : null;
    if (kept == null) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.UNKNOWN_CATEGORY, "category_id", "category "
          + cat.get() + " is not in the category list"));
      return Optional.empty();
    }
    JsonNode b = e.path("bbox");
    if (!b.isArray() || b.size() != 4 || !allFinite(b)) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.INVALID_ENTRY, "bbox", "not 4 numbers [x, y, w, h]: "
          + b));
      return Optional.empty();
    }
    double x = b.get(0).asDouble();
    double y = b.get(1).asDouble();
    double w = b.get(2).asDouble();
    double h = b.get(3).asDouble();
    if (w <= 0 || h <= 0) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.NON_POSITIVE_SIZE, "bbox", "width " + num(w)
          + ", height " + num(h)));
      return Optional.empty();
    }
    if (x < -TOLERANCE || y < -TOLERANCE || x + w > image.width() + TOLERANCE
        || y + h > image.height() + TOLERANCE) {
      bad.reject(new BadAnnotation(where, BadAnnotationReason.BOX_OUTSIDE_IMAGE, "bbox", "[" + num(x) + ", "
          + num(y) + ", " + num(w) + ", " + num(h) + "] reaches outside the " + image.width() + "x"
          + image.height() + " image"));
      return Optional.empty();
    }
    JsonNode area = e.path("area");
    double a = area.isNumber() && Double.isFinite(area.asDouble()) ? area.asDouble() : w * h;
    boolean crowd = e.path("iscrowd").asInt(0) != 0;
    return Optional.of(new DetectionBox(id, image.id(), kept, x, y, w, h, a, crowd));
  }

  private static boolean allFinite(JsonNode array) {
    for (JsonNode v : array) {
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Long> integral(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return Optional.of(v.asLong());
    }
    if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e15) {
      return Optional.of((long) v.asDouble());
    }
    return Optional.empty();
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ");
  }
}
