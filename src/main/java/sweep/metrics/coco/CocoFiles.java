package sweep.metrics.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sweep.util.BadInputException;

/**
 * Reads a COCO annotation file and a COCO results list, item by item (a file of any size streams through; only the
 * fields the box evaluation needs are kept). What pycocotools would fail on or silently get wrong is refused with one
 * line naming the file, its line, the item and the field ({@link BadInputException}, exit 2): a missing or non-numeric
 * field, a negative width or height, a non-finite number, a duplicate id, an annotation or detection on an image or
 * category the annotation file does not list. {@code iscrowd} may be left out (0); pycocotools needs it.
 */
public final class CocoFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private CocoFiles() {}

  /** The annotation file: {@code images}, {@code categories} and {@code annotations} (other keys are skipped). */
  public static GroundTruth readGroundTruth(Path file) {
    List<Long> images = new ArrayList<>();
    List<GroundTruth.Category> categories = new ArrayList<>();
    List<Item> annotations = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadInputException(file + ":" + line(p) + ": a COCO annotation file is a JSON object with images, "
            + "categories and annotations");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        switch (key) {
          case "images" -> forEach(file, p, key, (item, n) -> images.add(item.integer("id")));
          case "categories" -> forEach(file, p, key, (item, n) -> categories.add(new GroundTruth.Category(
              item.integer("id"), item.node().hasNonNull("name") ? item.text("name") : null)));
          case "annotations" -> forEach(file, p, key, (item, n) -> annotations.add(item));
          default -> p.skipChildren();
        }
        seen.add(key);
      }
    } catch (JsonParseException e) {
      throw new BadInputException(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + e.getMessage());
    }
    for (String required : List.of("images", "categories")) {
      if (!seen.contains(required)) {
        throw new BadInputException(file + ": no '" + required + "' list: a COCO annotation file has images, "
            + "categories and annotations");
      }
    }
    Set<Long> imageIds = unique(file, "images", images);
    List<Long> categoryIds = new ArrayList<>();
    for (GroundTruth.Category c : categories) {
      categoryIds.add(c.id());
    }
    Set<Long> categoryIdSet = unique(file, "categories", categoryIds);
    List<GroundTruth.Category> named = new ArrayList<>();
    for (GroundTruth.Category c : categories) {
      named.add(c.name() == null ? new GroundTruth.Category(c.id(), Long.toString(c.id())) : c);
    }
    List<GroundTruth.Annotation> anns = new ArrayList<>(annotations.size());
    Set<Long> annIds = new HashSet<>();
    for (Item a : annotations) {
      long id = a.integer("id");
      if (!annIds.add(id)) {
        throw a.bad("id", "duplicate annotation id " + id);
      }
      long image = a.integer("image_id");
      if (!imageIds.contains(image)) {
        throw a.bad("image_id", "image " + image + " is not in the file's images");
      }
      long category = a.integer("category_id");
      if (!categoryIdSet.contains(category)) {
        throw a.bad("category_id", "category " + category + " is not in the file's categories");
      }
      GroundTruth.Box box = a.box();
      double area = a.number("area");
      if (area < 0) {
        throw a.bad("area", "negative: " + area);
      }
      boolean crowd = a.node().has("iscrowd") && a.flag("iscrowd");
      anns.add(new GroundTruth.Annotation(id, image, category, box, area, crowd));
    }
    return new GroundTruth(images, named, anns);
  }

  /** A results list: {@code [{image_id, category_id, bbox: [x, y, w, h], score}, ...]} judged against {@code gt}. */
  public static List<Detection> readDetections(Path file, GroundTruth gt, Path gtFile) {
    Set<Long> images = new HashSet<>(gt.images());
    Set<Long> categories = new HashSet<>(gt.names().keySet());
    List<Detection> out = new ArrayList<>();
    try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new BadInputException(file + ":" + line(p) + ": a COCO results file is a JSON list of "
            + "{image_id, category_id, bbox, score}");
      }
      forEachElement(file, p, "detection", (d, n) -> {
        long image = d.integer("image_id");
        if (!images.contains(image)) {
          throw d.bad("image_id", "image " + image + " is not in " + gtFile);
        }
        long category = d.integer("category_id");
        if (!categories.contains(category)) {
          throw d.bad("category_id", "category " + category + " is not in " + gtFile);
        }
        GroundTruth.Box box = d.box();
        double score = d.number("score");
        out.add(new Detection(n, image, category, box, score));
      });
    } catch (JsonParseException e) {
      throw new BadInputException(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadInputException(file + ": cannot read: " + e.getMessage());
    }
    return out;
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    }
  }

  private static Set<Long> unique(Path file, String list, List<Long> ids) {
    Set<Long> set = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!set.add(ids.get(i))) {
        throw new BadInputException(file + ": " + list + "[" + i + "]: id: duplicate id " + ids.get(i));
      }
    }
    return set;
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private interface ItemAction {
    void accept(Item item, long position) throws IOException;
  }

  private static void forEach(Path file, JsonParser p, String key, ItemAction action) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new BadInputException(file + ":" + line(p) + ": " + key + ": expected a list");
    }
    forEachElement(file, p, key, action);
  }

  /** Each element of the array the parser stands on, as an object; {@code what[i]} names it in errors. */
  private static void forEachElement(Path file, JsonParser p, String what, ItemAction action) throws IOException {
    long index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      int line = line(p);
      String name = what.equals("detection") ? "detection " + (index + 1) : what + "[" + index + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new BadInputException(file + ":" + line + ": " + name + ": expected an object");
      }
      JsonNode node = MAPPER.readTree(p);
      index++;
      action.accept(new Item(file, line, name, node), index);
    }
  }

  /** One object of a list, with what its errors name. */
  private record Item(Path file, int line, String name, JsonNode node) {
    BadInputException bad(String field, String what) {
      return new BadInputException(file + ":" + line + ": " + name + ": " + field + ": " + what);
    }

    JsonNode field(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw bad(field, "missing");
      }
      return v;
    }

    long integer(String field) {
      JsonNode v = field(field);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw bad(field, "expected an integer, got " + v);
      }
      return v.longValue();
    }

    double number(String field) {
      return finite(field, field(field));
    }

    double finite(String field, JsonNode v) {
      if (!v.isNumber()) {
        throw bad(field, "expected a number, got " + v);
      }
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        throw bad(field, "not a finite number: " + v);
      }
      return d;
    }

    String text(String field) {
      JsonNode v = field(field);
      if (!v.isTextual()) {
        throw bad(field, "expected a string, got " + v);
      }
      return v.textValue();
    }

    boolean flag(String field) {
      JsonNode v = field(field);
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) {
        return v.longValue() == 1;
      }
      throw bad(field, "expected 0 or 1, got " + v);
    }

    GroundTruth.Box box() {
      JsonNode v = field("bbox");
      if (!v.isArray() || v.size() != 4) {
        throw bad("bbox", "expected [x, y, width, height], got " + v);
      }
      double[] b = new double[4];
      String[] names = {"x", "y", "width", "height"};
      for (int i = 0; i < 4; i++) {
        b[i] = finite("bbox[" + i + "] (" + names[i] + ")", v.get(i));
      }
      if (b[2] < 0) {
        throw bad("bbox[2] (width)", "negative: " + v.get(2));
      }
      if (b[3] < 0) {
        throw bad("bbox[3] (height)", "negative: " + v.get(3));
      }
      return new GroundTruth.Box(b[0], b[1], b[2], b[3]);
    }
  }

  static Map<Long, Integer> index(List<Long> ids) {
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    return index;
  }
}
