package sweep.data.detection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import sweep.util.Json;

/**
 * Writes detection data for an external trainer or another tool: COCO JSON with the image files beside it,
 * hard-linked where the file system allows (else copied). Image file names are the base names of the originals
 * (an image whose base name an earlier image has is written as {@code <id>-<name>}); ids, categories and boxes are
 * kept as they are.
 */
public final class DetectionExport {
  /** The annotations file name RF-DETR (Roboflow's COCO export) reads in each split directory. */
  public static final String RF_DETR_ANNOTATIONS = "_annotations.coco.json";

  private DetectionExport() {}

  /**
   * RF-DETR's layout: {@code dir/train/_annotations.coco.json} and {@code dir/valid/_annotations.coco.json}, each
   * split's images in the same directory as its JSON.
   */
  public static void writeRfDetr(DetectionSplit split, Path dir) throws IOException {
    writeSplit(split.train(), dir.resolve("train"), RF_DETR_ANNOTATIONS, "");
    writeSplit(split.val(), dir.resolve("valid"), RF_DETR_ANNOTATIONS, "");
  }

  /** One split in RF-DETR's layout: {@code dir/_annotations.coco.json} with its images beside it. */
  public static void writeRfDetrSplit(DetectionDataset split, Path dir) throws IOException {
    writeSplit(split, dir, RF_DETR_ANNOTATIONS, "");
  }

  /**
   * The plain layout the {@code file:DIR} source reads: {@code dir/annotations.json}, images in
   * {@code dir/images/}, {@code file_name} the image's name in {@code images/}.
   */
  public static void writeCoco(DetectionDataset dataset, Path dir) throws IOException {
    writeSplit(dataset, dir, "annotations.json", "images");
  }

  private static void writeSplit(DetectionDataset d, Path dir, String jsonName, String imageSubdir)
      throws IOException {
    Path imageDir = imageSubdir.isEmpty() ? dir : dir.resolve(imageSubdir);
    Files.createDirectories(imageDir);
    Map<Long, String> names = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (DetectionImage i : d.images()) {
      String base = Path.of(i.fileName()).getFileName().toString();
      String name = used.add(base) ? base : i.id() + "-" + base;
      used.add(name);
      names.put(i.id(), name);
      link(i.path(), imageDir.resolve(name));
    }
    Files.write(dir.resolve(jsonName), Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(json(d, names)));
  }

  /** COCO JSON for a data set, with the given file name per image id. */
  static ObjectNode json(DetectionDataset d, Map<Long, String> names) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.putObject("info").put("description", "written by sweep");
    ArrayNode cats = root.putArray("categories");
    d.categories().forEach(c -> cats.addObject().put("id", c.id()).put("name", c.name()).put("supercategory", "none"));
    ArrayNode images = root.putArray("images");
    d.images().forEach(i -> images.addObject().put("id", i.id()).put("file_name", names.get(i.id()))
        .put("width", i.width()).put("height", i.height()));
    ArrayNode anns = root.putArray("annotations");
    for (DetectionBox b : d.boxes()) {
      ObjectNode a = anns.addObject().put("id", b.id()).put("image_id", b.imageId()).put("category_id", b.categoryId());
      ArrayNode box = a.putArray("bbox");
      for (double v : new double[] {b.x(), b.y(), b.w(), b.h()}) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
          box.add((long) v);
        } else {
          box.add(v);
        }
      }
      a.put("area", b.area()).put("iscrowd", b.iscrowd() ? 1 : 0);
    }
    return root;
  }

  private static void link(Path from, Path to) throws IOException {
    Files.deleteIfExists(to);
    try {
      Files.createLink(to, from);
    } catch (FileSystemException | UnsupportedOperationException e) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
