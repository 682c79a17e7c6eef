package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.spec.SpecNode;

/**
 * The spec's {@code output_dir}, {@code metrics} and {@code checkpoint} keys of a command trial: where the program
 * writes, where its epochs are read from, and what makes an epoch's checkpoint.
 *
 * <pre>
 * output_dir: output                 # relative to the trial directory (default: the trial directory); ${output_dir}
 * metrics:
 *   from: jsonl                      # stdout (default) | jsonl | trainer_state
 *   file: log.txt                    # jsonl: the file, relative to output_dir
 *   epoch: epoch                     # jsonl: the field holding the epoch number (default epoch)
 *   first_epoch: 0                   # jsonl: the number of the program's first epoch (default 1; RF-DETR: 0)
 *   fields: {map: ema_test_coco_eval_bbox[0]}   # sweep's name: where the number is in each object
 * checkpoint:
 *   files: [checkpoint.pth]          # files in output_dir that are the latest epoch's checkpoint (copied per epoch)
 *   resume: checkpoint.pth           # ${resume_checkpoint}: this file of the copy (default: the copy's directory)
 * </pre>
 */
final class ProgramFiles {
  static final List<String> SOURCES = List.of("stdout", "jsonl", "trainer_state");

  private ProgramFiles() {}

  /** Reads the three keys into {@code out} (as {@code output_dir}, {@code metrics}, {@code checkpoint}). */
  static void configure(SpecNode root, java.util.Set<String> reserved, ObjectNode out) {
    root.get("output_dir").ifPresent(n -> {
      String dir = n.reserving(reserved).asString();
      if (dir.isBlank()) {
        throw n.error("must not be empty");
      }
      out.put("output_dir", dir);
    });
    ObjectNode metrics = out.putObject("metrics");
    String from = "stdout";
    if (root.get("metrics").isPresent()) {
      SpecNode m = root.get("metrics").get();
      Map<String, SpecNode> keys = m.entries(List.of("from", "file", "epoch", "first_epoch", "fields"));
      from = keys.containsKey("from") ? keys.get("from").asString() : "stdout";
      if (!SOURCES.contains(from)) {
        throw keys.get("from").error("unknown metrics source '" + from + "'" + SpecNode.suggestion(from, SOURCES)
            + " (expected " + String.join(", ", SOURCES) + ")");
      }
      if (from.equals("jsonl")) {
        String file = m.require("file").asString();
        if (file.isBlank() || Path.of(file).isAbsolute()) {
          throw keys.get("file").error("a file name relative to output_dir, got '" + file + "'");
        }
        metrics.put("file", file);
        String epoch = keys.containsKey("epoch") ? keys.get("epoch").asString() : "epoch";
        path(keys.get("epoch"), epoch);
        metrics.put("epoch", epoch);
        metrics.put("first_epoch", keys.containsKey("first_epoch") ? keys.get("first_epoch").asInt(0, 1) : 1);
      } else {
        for (String k : List.of("file", "epoch", "first_epoch")) {
          if (keys.containsKey(k)) {
            throw keys.get(k).errorAtKey("only for metrics from jsonl");
          }
        }
      }
      if (keys.containsKey("fields")) {
        if (from.equals("stdout")) {
          throw keys.get("fields").errorAtKey("only for metrics read from a file (jsonl or trainer_state)");
        }
        ObjectNode fields = metrics.putObject("fields");
        keys.get("fields").entries().forEach((name, v) -> {
          if (!name.matches("[A-Za-z0-9_./-]+")) {
            throw v.errorAtKey("'" + name + "' is not a metric name (letters, digits, _ . / -)");
          }
          fields.put(name, path(v, v.asString()).text());
        });
      }
    }
    metrics.put("from", from);
    if (root.get("checkpoint").isPresent()) {
      SpecNode c = root.get("checkpoint").get();
      Map<String, SpecNode> keys = c.entries(List.of("files", "resume"));
      ObjectNode checkpoint = out.putObject("checkpoint");
      var files = checkpoint.putArray("files");
      if (keys.containsKey("files")) {
        if (from.equals("trainer_state")) {
          throw keys.get("files").errorAtKey("the Trainer's checkpoint-<step> directories are found by themselves");
        }
        for (SpecNode f : keys.get("files").items()) {
          String name = f.asString();
          if (name.isBlank() || Path.of(name).isAbsolute() || Path.of(name).normalize().startsWith("..")) {
            throw f.error("a file name relative to output_dir, got '" + name + "'");
          }
          files.add(name);
        }
      }
      if (keys.containsKey("resume")) {
        String resume = keys.get("resume").asString();
        if (resume.isBlank() || Path.of(resume).isAbsolute()) {
          throw keys.get("resume").error("a file name inside the checkpoint, got '" + resume + "'");
        }
        checkpoint.put("resume", resume);
      }
    }
  }

  private static FieldPath path(SpecNode at, String text) {
    try {
      return FieldPath.parse(text);
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }

  /** Whether epochs are read from a file rather than stdout. */
  static boolean fromFile(JsonNode config) {
    return !config.path("metrics").path("from").asText("stdout").equals("stdout");
  }

  /** The files (relative to output_dir) copied as each epoch's checkpoint. */
  static List<String> checkpointFiles(JsonNode config) {
    List<String> out = new ArrayList<>();
    config.path("checkpoint").path("files").forEach(f -> out.add(f.asText()));
    return out;
  }

  /** {@code ${resume_checkpoint}}: the file named by {@code checkpoint.resume} inside the copy, or the copy. */
  static String resumePath(JsonNode config, Path checkpoint) {
    String resume = config.path("checkpoint").path("resume").asText("");
    return resume.isEmpty() ? checkpoint.toString() : checkpoint.resolve(resume).toString();
  }

  /** The metric source for an attempt that starts now. */
  static MetricSource source(JsonNode config, Path outputDir, FileTime attemptStart, int afterEpoch)
      throws IOException {
    JsonNode m = config.path("metrics");
    Map<String, FieldPath> fields = new LinkedHashMap<>();
    m.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), FieldPath.parse(e.getValue().asText())));
    if (m.path("from").asText().equals("trainer_state")) {
      return new TrainerStateMetrics(outputDir, attemptStart, fields, afterEpoch);
    }
    Path file = outputDir.resolve(m.path("file").asText());
    return new JsonLinesMetrics(file, JsonLinesMetrics.startOffset(file), FieldPath.parse(m.path("epoch").asText()),
        m.path("first_epoch").asInt(1), fields, afterEpoch);
  }

  /** The file the epochs are read from (for the capture's overwrite check), or null for the Trainer's states. */
  static Path metricsFile(JsonNode config, Path outputDir) {
    JsonNode m = config.path("metrics");
    return m.path("from").asText().equals("jsonl") ? outputDir.resolve(m.path("file").asText()) : null;
  }
}
