package sweep.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import sweep.util.Json;

/**
 * Labeled lines as JSON Lines, one row per line:
 *
 * <pre>{"receipt_id": "r1", "line_id": "003", "words": ["TOTAL", "12.50"],
 *  "boxes": [[80, 610, 160, 630], [700, 610, 780, 630]], "labels": ["O", "B-TOTAL"]}</pre>
 *
 * <p>Field names come from {@link FieldNames} (other fields in a row are ignored). Files are UTF-8; a leading
 * byte-order mark and blank lines are skipped (they are not rows). Ids must be strings; box coordinates whole numbers
 * (written {@code 12} or {@code 12.0}).
 *
 * <p>Reading checks, in order, and rejects a row for the first problem found: {@code invalid_json} (not a JSON
 * object), {@code missing_field} (absent, null, or an empty id), {@code wrong_type} (an id not a string; words or
 * labels not an array of strings; boxes not an array), {@code empty_line}, {@code length_mismatch},
 * {@code box_out_of_range} (a box not 4 whole numbers), then {@link LineValidator}'s rules; a file's rows are also
 * {@code invalid_utf8} (bytes that are not UTF-8, found first) and {@code duplicate_key} (a document and line id an
 * earlier row has, found last). A rejected row goes to the
 * {@link BadRowPolicy}: {@code FAIL} throws {@link DataException} with message {@code FILE:LINE: field: what is
 * wrong}; {@code SKIP} counts it in {@link LoadedLines#badRows()}.
 */
public final class JsonlLines {
  private JsonlLines() {}

  /**
   * Reads a JSONL file; locations in messages are {@code FILE:LINE} with FILE as {@code file} was given.
   *
   * @throws DataException at the first bad row under {@link BadRowPolicy#FAIL}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static LoadedLines read(Path file, ReadOptions options) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads JSONL bytes, decoding each row as UTF-8 on its own: a row whose bytes are not UTF-8 is a bad row
   * ({@code invalid_utf8}, at its line), not the end of the file.
   */
  static LoadedLines read(java.io.InputStream in, String source, ReadOptions options) throws IOException {
    Rows rows = new Rows(options);
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.io.ByteArrayOutputStream row = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    int number = 0;
    for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          row.write(chunk, start, i - start);
          row(rows, utf8, row, source, ++number);
          start = i + 1;
        }
      }
      row.write(chunk, start, n - start);
    }
    if (row.size() > 0) { // the last row, without a line end
      row(rows, utf8, row, source, ++number);
    }
    return rows.loaded();
  }

  /** Decodes the row's bytes (then clears them) and hands it on; bytes that are not UTF-8 are a bad row. */
  private static void row(Rows rows, java.nio.charset.CharsetDecoder utf8, java.io.ByteArrayOutputStream row,
      String source, int number) {
    byte[] bytes = row.toByteArray();
    row.reset();
    String location = source + ":" + number;
    String text;
    try {
      text = utf8.reset().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      rows.reject(location, new Violation(BadRowReason.INVALID_UTF8, "row", "not UTF-8: " + firstBadByte(bytes)));
      return;
    }
    rows.accept(location, number, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  /** "byte 0xFF at byte 12": where a row stops being UTF-8. */
  private static String firstBadByte(byte[] bytes) {
    java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult r = d.decode(buf, out, true);
    int at = buf.position();
    return r.isError() && at < bytes.length ? String.format("byte 0x%02X at byte %d", bytes[at] & 0xff, at + 1)
        : "a truncated character at the end";
  }

  /**
   * Reads JSONL from a reader (not closed here); {@code source} names it in messages ({@code SOURCE:LINE}).
   *
   * @throws DataException at the first bad row under {@link BadRowPolicy#FAIL}
   * @throws UncheckedIOException if the reader fails
   */
  public static LoadedLines read(Reader in, String source, ReadOptions options) {
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    Rows rows = new Rows(options);
    try {
      int number = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        number++;
        rows.accept(source + ":" + number, number, text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
    return rows.loaded();
  }

  /** The rows of one source as they are read: parsed, checked, the bad ones to the policy. */
  private static final class Rows {
    private final RowParser parser;
    private final BadRowCollector bad;
    private final List<LabeledLine> lines = new ArrayList<>();
    private final java.util.Map<String, String> seen = new java.util.HashMap<>();

    Rows(ReadOptions options) {
      parser = new RowParser(options.fields(), options.validator());
      bad = new BadRowCollector(options.policy());
    }

    void reject(String location, Violation v) {
      bad.reject(location, v);
    }

    /** One line of text (its line end removed); a byte-order mark on the first and blank lines are not rows. */
    void accept(String location, int number, String text) {
      if (number == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        return;
      }
      RowParser.Result result = parser.parse(text);
      if (result.violation().isPresent()) {
        bad.reject(location, result.violation().get());
        return;
      }
      LabeledLine line = result.line();
      String first = seen.putIfAbsent(line.documentId() + "\u0000" + line.lineId(), location);
      if (first != null) {
        bad.reject(location, new Violation(BadRowReason.DUPLICATE_KEY, "row", "line (" + line.documentId() + ", "
            + line.lineId() + ") is already at " + first));
      } else {
        lines.add(line);
      }
    }

    LoadedLines loaded() {
      return new LoadedLines(lines, bad.badRows());
    }
  }

  /**
   * Checks one row of JSON text as {@link #read} would, without a location.
   *
   * @return the line, or the rule it breaks
   */
  public static RowParser.Result parse(String json, ReadOptions options) {
    return new RowParser(options.fields(), options.validator()).parse(json);
  }

  /**
   * Writes lines as JSONL with the default field names, one row each, in the given order, UTF-8, {@code \n} line
   * ends. Replaces the file.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, Collection<LabeledLine> lines) {
    write(file, lines, FieldNames.DEFAULT);
  }

  /** Writes lines as JSONL with the given field names; see {@link #write(Path, Collection)}. */
  public static void write(Path file, Collection<LabeledLine> lines, FieldNames names) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, lines, names);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes lines as JSONL to a writer (not closed here). */
  public static void write(Writer out, Collection<LabeledLine> lines, FieldNames names) throws IOException {
    for (LabeledLine line : lines) {
      out.write(toJson(line, names));
      out.write('\n');
    }
  }

  /**
   * One row as compact JSON, fields in the order document id, line id, words, boxes, labels, no line end. The same
   * line always gives the same text ({@link DataHash} relies on it).
   */
  public static String toJson(LabeledLine line, FieldNames names) {
    ObjectNode row = Json.mapper().createObjectNode();
    row.put(names.documentId(), line.documentId());
    row.put(names.lineId(), line.lineId());
    ArrayNode words = row.putArray(names.words());
    line.words().forEach(words::add);
    ArrayNode boxes = row.putArray(names.boxes());
    for (Box b : line.boxes()) {
      boxes.addArray().add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
    }
    ArrayNode labels = row.putArray(names.labels());
    line.labels().forEach(labels::add);
    return Json.write(row);
  }

  /** Parses one JSON row into a line or the rule it breaks. Thread-safe. */
  public static final class RowParser {
    private final FieldNames names;
    private final LineValidator validator;

    /** The outcome of parsing one row: exactly one of {@code line} and {@code violation} is set. */
    public record Result(LabeledLine line, Optional<Violation> violation) {
      static Result ok(LabeledLine line) {
        return new Result(line, Optional.empty());
      }

      static Result bad(BadRowReason reason, String field, String detail) {
        return new Result(null, Optional.of(new Violation(reason, field, detail)));
      }
    }

    /**
     * @param names the row's field names
     * @param validator the rules applied once the row has parsed
     */
    public RowParser(FieldNames names, LineValidator validator) {
      this.names = names;
      this.validator = validator;
    }

    /** Parses and validates one row of JSON text. */
    public Result parse(String json) {
      JsonNode node;
      try {
        node = Json.mapper().readTree(json);
      } catch (JsonProcessingException e) {
        return Result.bad(BadRowReason.INVALID_JSON, "row", "invalid JSON: " + firstLine(e.getOriginalMessage()));
      }
      return parse(node);
    }

    /**
     * Parses and validates one row already read as JSON (a source other than JSONL, e.g. a DynamoDB item converted
     * to JSON), by the same rules as {@link #parse(String)}; null counts as no row.
     */
    public Result parse(JsonNode node) {
      if (node == null || !node.isObject()) {
        return Result.bad(BadRowReason.INVALID_JSON, "row",
            "expected a JSON object, got " + (node == null ? "nothing" : describe(node)));
      }
      for (String field : names.all()) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
          return Result.bad(BadRowReason.MISSING_FIELD, field, "missing");
        }
      }
      for (String field : List.of(names.documentId(), names.lineId())) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
          return Result.bad(BadRowReason.WRONG_TYPE, field, "expected a string, got " + describe(value));
        }
        if (value.asText().isBlank()) {
          return Result.bad(BadRowReason.MISSING_FIELD, field, "empty");
        }
      }
      Optional<Result> typeError = checkStringArray(node.get(names.words()), names.words());
      if (typeError.isPresent()) {
        return typeError.get();
      }
      JsonNode boxes = node.get(names.boxes());
      if (!boxes.isArray()) {
        return Result.bad(BadRowReason.WRONG_TYPE, names.boxes(), "expected an array of boxes, got " + describe(boxes));
      }
      typeError = checkStringArray(node.get(names.labels()), names.labels());
      if (typeError.isPresent()) {
        return typeError.get();
      }
      JsonNode words = node.get(names.words());
      JsonNode labels = node.get(names.labels());
      Optional<Violation> sizes = validator.checkSizes(words.size(), boxes.size(), labels.size());
      if (sizes.isPresent()) {
        return new Result(null, sizes);
      }
      List<Box> boxList = new ArrayList<>(boxes.size());
      for (int i = 0; i < boxes.size(); i++) {
        Optional<Result> shapeError = toBox(boxes, i, boxList);
        if (shapeError.isPresent()) {
          return shapeError.get();
        }
      }
      List<String> wordList = new ArrayList<>(words.size());
      words.forEach(w -> wordList.add(w.asText()));
      List<String> labelList = new ArrayList<>(labels.size());
      labels.forEach(l -> labelList.add(l.asText()));
      LabeledLine line = new LabeledLine(node.get(names.documentId()).asText(), node.get(names.lineId()).asText(),
          wordList, boxList, labelList);
      Optional<Violation> violation = validator.check(line);
      return violation.isPresent() ? new Result(null, violation) : Result.ok(line);
    }

    private static Optional<Result> checkStringArray(JsonNode value, String field) {
      if (!value.isArray()) {
        return Optional.of(Result.bad(BadRowReason.WRONG_TYPE, field,
            "expected an array of strings, got " + describe(value)));
      }
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isTextual()) {
          return Optional.of(Result.bad(BadRowReason.WRONG_TYPE, field + "[" + i + "]",
              "expected a string, got " + describe(value.get(i))));
        }
      }
      return Optional.empty();
    }

    /** The row's box {@code i}, or what is wrong with its shape; the range is the validator's job. */
    private Optional<Result> toBox(JsonNode boxes, int i, List<Box> out) {
      JsonNode value = boxes.get(i);
      String field = names.boxes() + "[" + i + "]";
      if (!value.isArray() || value.size() != 4) {
        return Optional.of(Result.bad(BadRowReason.BOX_OUT_OF_RANGE, field,
            "expected 4 whole numbers [x0, y0, x1, y1], got " + abbreviate(value.toString())));
      }
      int[] v = new int[4];
      for (int k = 0; k < 4; k++) {
        JsonNode n = value.get(k);
        if (!n.isNumber() || !n.canConvertToExactIntegral()) {
          return Optional.of(Result.bad(BadRowReason.BOX_OUT_OF_RANGE, field,
              "expected 4 whole numbers [x0, y0, x1, y1], got " + abbreviate(value.toString())));
        }
        if (!n.canConvertToInt()) {
          return Optional.of(Result.bad(BadRowReason.BOX_OUT_OF_RANGE, field,
              abbreviate(value.toString()) + " is outside " + Box.MIN + ".." + Box.MAX));
        }
        v[k] = n.intValue();
      }
      out.add(new Box(v[0], v[1], v[2], v[3]));
      return Optional.empty();
    }

    private static String describe(JsonNode node) {
      JsonNodeType type = node.getNodeType();
      return switch (type) {
        case ARRAY -> "an array";
        case OBJECT -> "an object";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        default -> type.name().toLowerCase(java.util.Locale.ROOT);
      };
    }

    private static String firstLine(String s) {
      if (s == null) {
        return "unreadable";
      }
      int nl = s.indexOf('\n');
      return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    private static String abbreviate(String s) {
      return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
  }
}
