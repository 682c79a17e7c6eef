package sweep.data.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import sweep.data.BadRowPolicy;
import sweep.data.source.DataSource;
import sweep.data.source.DataSources;
import sweep.spec.SpecNode;
import sweep.util.Json;

/**
 * A detection task's {@code data:} section, checked:
 *
 * <pre>
 * data:
 *   source: synthetic        # synthetic | file:DIR | s3://BUCKET/PREFIX (split by image)
 *                            #   or train: file:TRAIN.json + val: file:VAL.json
 *   pages: 200               # synthetic: how many form pages (ignored for other sources)
 *   seed: 0                  # synthetic pages and split seed
 *   val_fraction: 0.2
 *   bad_rows: skip           # skip | fail
 *   categories: [Text, CheckBox, Signature]   # optional: fixed classes (default: the file's)
 * </pre>
 *
 * @param source where the data is
 * @param pages synthetic pages to generate
 * @param seed synthetic and split seed
 * @param valFraction the share of images in validation when one source is split
 * @param policy what a bad image or box does
 * @param categories fixed category names, or empty for the file's (synthetic: always CommonForms' three)
 */
public record DetectionDataConfig(DataSource source, int pages, long seed, double valFraction, BadRowPolicy policy,
    List<String> categories) {
  /** The keys {@link #parse} reads. */
  public static final List<String> KEYS = List.of("source", "train", "val", "pages", "seed", "val_fraction",
      "bad_rows", "categories");
  /** The sources detection reads. */
  public static final DataSources.Rules SOURCES = new DataSources.Rules(EnumSet.of(DataSource.Kind.SYNTHETIC,
      DataSource.Kind.LOCAL_PATH, DataSource.Kind.TRAIN_VAL, DataSource.Kind.S3_PREFIX),
      DataSources.LocalPathType.DIRECTORY, "image");

  public DetectionDataConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(policy, "policy");
    categories = List.copyOf(categories);
  }

  /** The read options this configuration gives. */
  public DetectionReadOptions readOptions() {
    return new DetectionReadOptions(policy, source instanceof DataSource.Synthetic ? List.of() : categories);
  }

  /**
   * Reads and checks the {@code data:} mapping; every error is a {@code SpecException} at its key (unknown keys with
   * a suggestion).
   */
  public static DetectionDataConfig parse(SpecNode data) {
    Map<String, SpecNode> keys = data.entries(KEYS);
    DataSource source = DataSources.parse(data, SOURCES);
    // pages counts synthetic pages and is ignored for other sources, so a recipe whose source is
    // ${SWEEP_DATA:-synthetic} reads real pages unchanged
    int pages = keys.containsKey("pages") ? keys.get("pages").asInt(2, 1_000_000) : 200;
    long seed = keys.containsKey("seed") ? keys.get("seed").asLong() : 0L;
    double fraction = 0.2;
    if (keys.containsKey("val_fraction")) {
      fraction = keys.get("val_fraction").asDouble();
      if (fraction <= 0 || fraction >= 1) {
        throw keys.get("val_fraction").error("must be between 0 and 1 (exclusive), got " + fraction);
      }
    }
    String policy = keys.containsKey("bad_rows") ? keys.get("bad_rows").asString() : "skip";
    if (!policy.equals("skip") && !policy.equals("fail")) {
      throw keys.get("bad_rows").error("unknown policy '" + policy + "'" + SpecNode.suggestion(policy,
          List.of("skip", "fail")));
    }
    List<String> categories = new ArrayList<>();
    if (keys.containsKey("categories")) {
      if (source instanceof DataSource.Synthetic) {
        throw keys.get("categories").errorAtKey("synthetic pages have the categories "
            + SyntheticForms.CATEGORIES);
      }
      Set<String> seen = new LinkedHashSet<>();
      for (SpecNode item : keys.get("categories").items()) {
        String name = item.asString();
        if (name.isBlank()) {
          throw item.error("must not be empty");
        }
        if (!seen.add(name)) {
          throw item.error("'" + name + "' is listed twice");
        }
      }
      if (seen.isEmpty()) {
        throw keys.get("categories").error("name at least one category");
      }
      categories.addAll(seen);
    }
    return new DetectionDataConfig(source, pages, seed, fraction, policy.equals("fail") ? BadRowPolicy.FAIL
        : BadRowPolicy.SKIP, categories);
  }

  /** As JSON, for a task configuration; {@link #fromJson} reads it back. */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    if (source instanceof DataSource.Synthetic) {
      o.put("kind", "synthetic");
    } else if (source instanceof DataSource.LocalPath p) {
      o.put("kind", "dir").put("path", p.path().toString());
    } else if (source instanceof DataSource.TrainVal tv) {
      o.put("kind", "files").put("train", tv.train().toString()).put("val", tv.val().toString());
    } else if (source instanceof DataSource.S3Prefix s) {
      o.put("kind", "s3").put("bucket", s.bucket()).put("prefix", s.prefix());
    } else {
      throw new IllegalStateException("detection does not read " + source);
    }
    o.put("source", source.describe()).put("pages", pages).put("seed", seed).put("val_fraction", valFraction)
        .put("bad_rows", policy == BadRowPolicy.FAIL ? "fail" : "skip");
    categories.forEach(o.withArray("categories")::add);
    return o;
  }

  /** The configuration {@link #toJson} wrote. */
  public static DetectionDataConfig fromJson(JsonNode o) {
    DataSource source = switch (o.path("kind").asText()) {
      case "synthetic" -> new DataSource.Synthetic();
      case "dir" -> new DataSource.LocalPath(Path.of(o.path("path").asText()));
      case "files" -> new DataSource.TrainVal(Path.of(o.path("train").asText()), Path.of(o.path("val").asText()));
      case "s3" -> new DataSource.S3Prefix(o.path("bucket").asText(), o.path("prefix").asText());
      default -> throw new IllegalArgumentException("unknown detection data kind '" + o.path("kind").asText() + "'");
    };
    List<String> categories = new ArrayList<>();
    o.path("categories").forEach(c -> categories.add(c.asText()));
    return new DetectionDataConfig(source, o.path("pages").asInt(200), o.path("seed").asLong(),
        o.path("val_fraction").asDouble(0.2), o.path("bad_rows").asText().equals("fail") ? BadRowPolicy.FAIL
        : BadRowPolicy.SKIP, categories);
  }
}
