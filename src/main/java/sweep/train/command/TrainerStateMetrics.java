package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sweep.protocol.EventCodec;

/**
 * Epochs from the Hugging Face Trainer's {@code trainer_state.json}. The Trainer writes it last into each
 * {@code checkpoint-<global_step>} directory it saves (transformers {@code Trainer._save_checkpoint}), so a state
 * found there is whole and its checkpoint complete, and into the output directory itself when the script calls
 * {@code trainer.save_state()} at the end. Of the states written since the attempt started, the one with the highest
 * {@code global_step} is read; each {@code log_history} entry with {@code eval_*} numbers is an epoch ({@code epoch}
 * rounded: 1.0, 2.0, ... under {@code eval_strategy: epoch}), its metrics those numbers under their own names plus
 * mapped ones, its checkpoint the {@code checkpoint-<step>} directory of its {@code step} if it still exists (with
 * {@code save_total_limit} the Trainer deletes older ones).
 */
final class TrainerStateMetrics implements MetricSource {
  static final String FILE = "trainer_state.json";
  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");

  private final Path outputDir;
  private final FileTime attemptStart;
  private final Map<String, FieldPath> fields;
  private final Map<Path, Read> cache = new java.util.HashMap<>();
  private int lastEpoch;

  /** A state file as last read: its modification time and size, and what it held (null: stale or half-written). */
  private record Read(FileTime modified, long size, JsonNode state) {}

  /**
   * @param attemptStart states last written before this are an earlier attempt's and are not read
   * @param afterEpoch the epoch the attempt resumed from (0 for a fresh start)
   */
  TrainerStateMetrics(Path outputDir, FileTime attemptStart, Map<String, FieldPath> fields, int afterEpoch) {
    this.outputDir = outputDir;
    this.attemptStart = attemptStart;
    this.fields = Map.copyOf(fields);
    this.lastEpoch = afterEpoch;
  }

  @Override
  public List<ProgramEpoch> poll() throws IOException {
    JsonNode state = latestState();
    List<ProgramEpoch> out = new ArrayList<>();
    if (state == null) {
      return out;
    }
    for (JsonNode entry : state.path("log_history")) {
      if (!entry.path("epoch").isNumber() || !hasEvalNumber(entry)) {
        continue;
      }
      int epoch = (int) Math.round(entry.path("epoch").doubleValue());
      if (epoch <= lastEpoch) {
        continue;
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isNumber() && !f.getKey().equals("epoch") && !f.getKey().equals("step")) {
          metrics.put(f.getKey(), f.getValue().doubleValue());
        }
      }
      fields.forEach((name, path) -> path.number(entry).ifPresent(v -> metrics.put(name, v)));
      Path checkpoint = entry.path("step").canConvertToLong()
          ? outputDir.resolve("checkpoint-" + entry.path("step").longValue()) : null;
      out.add(new ProgramEpoch(epoch, metrics, checkpoint != null && Files.isDirectory(checkpoint) ? checkpoint
          : null));
      lastEpoch = epoch;
    }
    return out;
  }

  private static boolean hasEvalNumber(JsonNode entry) {
    for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.startsWith("eval_") && entry.get(k).isNumber()) {
        return true;
      }
    }
    return false;
  }

  /** The state with the highest global step among those written since the attempt started, or null. */
  private JsonNode latestState() throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(outputDir.resolve(FILE));
    if (Files.isDirectory(outputDir)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(outputDir, "checkpoint-*")) {
        for (Path d : dirs) {
          Matcher m = CHECKPOINT.matcher(d.getFileName().toString());
          if (m.matches()) {
            candidates.add(d.resolve(FILE));
          }
        }
      }
    }
    JsonNode best = null;
    long bestStep = -1;
    for (Path f : candidates) {
      JsonNode state = read(f);
      if (state != null && state.path("global_step").asLong(-1) > bestStep) {
        best = state;
        bestStep = state.path("global_step").asLong(-1);
      }
    }
    return best;
  }

  /**
   * The state in {@code file} if it was written since the attempt started and is whole JSON; else null. A file
   * unchanged since the last poll (time and size) is not read again.
   */
  private JsonNode read(Path file) throws IOException {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Read last = cache.get(file);
      if (last != null && last.modified().equals(modified) && last.size() == size && last.state() != null) {
        return last.state();
      }
      JsonNode n = null;
      if (modified.compareTo(attemptStart) >= 0) {
        JsonNode parsed = EventCodec.LENIENT.readTree(Files.readString(file));
        n = parsed != null && parsed.isObject() ? parsed : null;
      }
      cache.put(file, new Read(modified, size, n));
      return n;
    } catch (NoSuchFileException | java.nio.charset.MalformedInputException e) {
      cache.remove(file);
      return null; // deleted by the Trainer's rotation meanwhile, or caught half-written
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null; // half-written: read again at the next poll
    }
  }
}
