package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.data.detection.DetectionData;
import sweep.data.detection.DetectionDataConfig;
import sweep.data.detection.DetectionExport;
import sweep.data.detection.PreparedDetection;
import sweep.spec.SpecNode;
import sweep.store.DataSnapshot;
import sweep.train.Prepared;
import sweep.util.Json;

/**
 * A command trial's optional {@code data:} section: a COCO detection data set that sweep reads, checks (bad
 * annotations counted by reason under the {@code skip}/{@code fail} policy), splits by image and hashes once per
 * sweep, before the first trial, and hands to every trial as {@code ${data_dir}} in Roboflow's COCO layout, which
 * RF-DETR reads: {@code train/_annotations.coco.json}, {@code valid/} and {@code test/} (the validation split again,
 * for RF-DETR's final test pass), each image beside its split's file.
 *
 * <pre>
 * data:
 *   source: synthetic            # synthetic | file:DIR | s3://BUCKET/PREFIX (or train: file:A.json + val: file:B.json)
 *   pages: 200                   # synthetic only
 *   seed: 0
 *   val_fraction: 0.2
 *   bad_rows: skip               # skip | fail
 *   categories: [Text, CheckBox, Signature]   # optional: fixed; otherwise the file's
 * </pre>
 *
 * A data set with no usable image, or a split left empty, stops the sweep before its first trial (exit 2). The
 * {@code detection} task prepares its data the same way and reads the prepared directory in its trials.
 */
public final class CommandData {
  static final String PLACEHOLDER = "data_dir";
  private static final Logger LOG = LoggerFactory.getLogger(CommandData.class);

  private CommandData() {}

  /** Reads {@code data:} into {@code out.data}, if the spec has one; true if it has. */
  public static boolean configure(SpecNode root, ObjectNode out) {
    return root.get("data").map(d -> {
      out.set("data", DetectionDataConfig.parse(d).toJson());
      return true;
    }).orElse(false);
  }

  /** Reads, checks, splits and writes the data set for the trials; the configuration then names its directory. */
  public static Prepared prepare(JsonNode taskConfig, Path dataDir, Map<String, String> env) throws IOException {
    DetectionDataConfig config = DetectionDataConfig.fromJson(taskConfig.path("data"));
    PreparedDetection p = DetectionData.prepare(config, dataDir, env);
    Path target = dataDir.resolve("detection").toAbsolutePath();
    sweep.artifact.LocalArtifacts.deleteTree(target);
    DetectionExport.writeRfDetr(p.split(), target);
    DetectionExport.writeRfDetrSplit(p.split().val(), target.resolve("test"));
    ObjectNode out = taskConfig.deepCopy();
    ((ObjectNode) out.path("data")).put("dir", target.toString());
    LOG.info("{}: {} image(s) kept of {} ({} train, {} val), {} box(es); {}", p.source(),
        p.loaded().dataset().images().size(), p.loaded().imageEntries(), p.split().train().images().size(),
        p.split().val().images().size(), p.loaded().dataset().boxes().size(), p.badSummary());
    return new Prepared(out, new DataSnapshot(p.source(), target.toString(), p.loaded().imageEntries(),
        p.loaded().dataset().images().size(), p.hash(), p.badSummary(), Json.write(out), null));
  }

  /** {@code ${data_dir}}: the prepared directory, or "" when the spec has no data section. */
  static String directory(JsonNode taskConfig) {
    return taskConfig.path("data").path("dir").asText("");
  }
}
