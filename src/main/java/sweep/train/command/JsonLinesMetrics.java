package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import sweep.protocol.EventCodec;

/**
 * Epochs from a JSON-lines file the program appends to, one object per epoch (RF-DETR's {@code log.txt}: see
 * roboflow/rf-detr {@code rfdetr/main.py}, where rank 0 appends {@code json.dumps(log_stats)} after each epoch's
 * evaluation). Only bytes appended after the attempt started are read (a resumed RF-DETR appends to the same file);
 * a line without its newline yet waits for the next poll; a line that is not a JSON object with the epoch field is
 * skipped. Each epoch's metrics are the line's top-level numbers under their own names, plus each mapped field
 * ({@code map: ema_test_coco_eval_bbox[0]}) under its sweep name.
 */
final class JsonLinesMetrics implements MetricSource {
  private final Path file;
  private final FieldPath epochField;
  private final int firstEpoch;
  private final Map<String, FieldPath> fields;
  private final int afterEpoch;
  private long offset;
  private int lastEpoch;

  /**
   * @param offset the file's length when the attempt started (0 when it did not exist)
   * @param firstEpoch the number the program gives its first epoch (RF-DETR counts from 0)
   * @param afterEpoch the epoch the attempt resumed from (0 for a fresh start): nothing at or below it is reported
   */
  JsonLinesMetrics(Path file, long offset, FieldPath epochField, int firstEpoch, Map<String, FieldPath> fields,
      int afterEpoch) {
    this.file = file;
    this.offset = offset;
    this.epochField = epochField;
    this.firstEpoch = firstEpoch;
    this.fields = Map.copyOf(fields);
    this.afterEpoch = afterEpoch;
    this.lastEpoch = afterEpoch;
  }

  /** The file's length now, or 0 when it does not exist: where an attempt starting now begins to read. */
  static long startOffset(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.size(file) : 0;
  }

  @Override
  public List<ProgramEpoch> poll() throws IOException {
    List<ProgramEpoch> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    byte[] bytes;
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length < offset) {
        offset = 0; // the file was replaced: read it from the start
      }
      bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
      in.seek(offset);
      in.readFully(bytes);
    }
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        start = i + 1;
        ProgramEpoch e = parse(line);
        if (e != null && e.epoch() > lastEpoch) {
          lastEpoch = e.epoch();
          out.add(e);
        }
      }
    }
    offset += start;
    return out;
  }

  private ProgramEpoch parse(String line) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("{")) {
      return null;
    }
    JsonNode o;
    try {
      o = EventCodec.LENIENT.readTree(trimmed);
    } catch (IOException e) {
      return null;
    }
    OptionalDouble epoch = epochField.number(o);
    if (!o.isObject() || epoch.isEmpty()) {
      return null;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isNumber()) {
        metrics.put(f.getKey(), f.getValue().doubleValue());
      }
    }
    fields.forEach((name, path) -> path.number(o).ifPresent(v -> metrics.put(name, v)));
    metrics.remove(epochField.text());
    int number = (int) Math.round(epoch.getAsDouble()) - firstEpoch + 1;
    return number > afterEpoch ? new ProgramEpoch(number, metrics, null) : null;
  }
}
