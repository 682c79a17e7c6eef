package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.util.Json;

class JsonlLinesTest {
  @TempDir Path dir;

  private static final String GOOD =
      "{\"receipt_id\": \"r1\", \"line_id\": \"001\", \"words\": [\"TOTAL\", \"9.99\"],"
      + " \"boxes\": [[10, 20, 60, 35], [700, 20, 760, 35]], \"labels\": [\"O\", \"B-TOTAL\"]}";
  /** Another good row: the same but its line id (a row with GOOD's keys again is a duplicate). */
  private static final String GOOD2 = GOOD.replace("\"001\"", "\"002\"");

  /** One bad row per case: the row, its reason, the message after {@code FILE:LINE: }. */
  record Case(String row, BadRowReason reason, String message) {
    @Override
    public String toString() {
      return reason.code() + ": " + message;
    }
  }

  private static String row(String id, String lineId, String words, String boxes, String labels) {
    return "{\"receipt_id\": " + id + ", \"line_id\": " + lineId + ", \"words\": " + words + ", \"boxes\": " + boxes
        + ", \"labels\": " + labels + "}";
  }

  static List<Case> badRows() {
    String b1 = "[[0, 0, 10, 10]]";
    String b2 = "[[0, 0, 10, 10], [20, 0, 30, 10]]";
    return List.of(
        new Case("{\"receipt_id\": \"r1\", ", BadRowReason.INVALID_JSON, "row: invalid JSON: "),
        new Case("[1, 2, 3]", BadRowReason.INVALID_JSON, "row: expected a JSON object, got an array"),
        new Case("{\"receipt_id\": \"r1\", \"line_id\": \"1\", \"words\": [\"a\"], \"boxes\": " + b1 + "}",
            BadRowReason.MISSING_FIELD, "labels: missing"),
        new Case(row("null", "\"1\"", "[\"a\"]", b1, "[\"O\"]"), BadRowReason.MISSING_FIELD, "receipt_id: missing"),
        new Case(row("\"\"", "\"1\"", "[\"a\"]", b1, "[\"O\"]"), BadRowReason.MISSING_FIELD, "receipt_id: empty"),
        new Case(row("7", "\"1\"", "[\"a\"]", b1, "[\"O\"]"), BadRowReason.WRONG_TYPE,
            "receipt_id: expected a string, got a number"),
        new Case(row("\"r\"", "\"1\"", "\"a b\"", b1, "[\"O\"]"), BadRowReason.WRONG_TYPE,
            "words: expected an array of strings, got a string"),
        new Case(row("\"r\"", "\"1\"", "[\"a\", 5]", b2, "[\"O\", \"O\"]"), BadRowReason.WRONG_TYPE,
            "words[1]: expected a string, got a number"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "{}", "[\"O\"]"), BadRowReason.WRONG_TYPE,
            "boxes: expected an array of boxes, got an object"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", b1, "[true]"), BadRowReason.WRONG_TYPE,
            "labels[0]: expected a string, got a boolean"),
        new Case(row("\"r\"", "\"1\"", "[\"a\", \"b\"]", b2, "[\"O\"]"), BadRowReason.LENGTH_MISMATCH,
            "words: lengths differ: words 2, boxes 2, labels 1"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", b2, "[\"O\"]"), BadRowReason.LENGTH_MISMATCH,
            "words: lengths differ: words 1, boxes 2, labels 1"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[0, 0, 10]]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: expected 4 whole numbers [x0, y0, x1, y1], got [0,0,10]"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[0, 0, 10.5, 10]]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: expected 4 whole numbers [x0, y0, x1, y1], got [0,0,10.5,10]"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[\"0 0 1 1\"]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: expected 4 whole numbers [x0, y0, x1, y1], got \"0 0 1 1\""),
        new Case(row("\"r\"", "\"1\"", "[\"a\", \"b\"]", "[[0, 0, 10, 10], [0, 0, 1200, 10]]", "[\"O\", \"O\"]"),
            BadRowReason.BOX_OUT_OF_RANGE, "boxes[1]: [0, 0, 1200, 10] is outside 0..1000"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[0, -1, 10, 10]]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: [0, -1, 10, 10] is outside 0..1000"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[0, 0, 10, 99999999999]]", "[\"O\"]"),
            BadRowReason.BOX_OUT_OF_RANGE, "boxes[0]: [0,0,10,99999999999] is outside 0..1000"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[50, 0, 40, 10]]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: [50, 0, 40, 10] has x0 > x1"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", "[[0, 30, 40, 10]]", "[\"O\"]"), BadRowReason.BOX_OUT_OF_RANGE,
            "boxes[0]: [0, 30, 40, 10] has y0 > y1"),
        new Case(row("\"r\"", "\"1\"", "[\"a\", \"b\"]", b2, "[\"O\", \"B-\"]"), BadRowReason.UNKNOWN_TAG,
            "labels[1]: 'B-' is not O, B-TYPE or I-TYPE"),
        new Case(row("\"r\"", "\"1\"", "[\"a\"]", b1, "[\"total\"]"), BadRowReason.UNKNOWN_TAG,
            "labels[0]: 'total' is not O, B-TYPE or I-TYPE"),
        new Case(row("\"r\"", "\"1\"", "[\"a\", \" \"]", b2, "[\"O\", \"O\"]"), BadRowReason.EMPTY_WORD,
            "words[1]: empty word ' '"),
        new Case(row("\"r\"", "\"1\"", "[\"\"]", b1, "[\"O\"]"), BadRowReason.EMPTY_WORD, "words[0]: empty word ''"),
        new Case(row("\"r\"", "\"1\"", "[\"\\u0000\"]", b1, "[\"O\"]"), BadRowReason.EMPTY_WORD,
            "words[0]: empty word '\\u0000'"),
        new Case(row("\"r\"", "\"1\"", "[]", "[]", "[]"), BadRowReason.EMPTY_LINE, "words: no words"),
        new Case(row("\"r\"", "\"1\"", "[]", b1, "[\"O\"]"), BadRowReason.EMPTY_LINE, "words: no words"));
  }

  private Path file(String name, List<String> rows) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, rows, StandardCharsets.UTF_8);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRows")
  void eachBadRowIsCountedUnderSkip(Case c) throws IOException {
    Path p = file("data.jsonl", List.of(GOOD, c.row(), GOOD2));
    LoadedLines loaded = JsonlLines.read(p, ReadOptions.of(BadRowPolicy.SKIP));
    assertThat(loaded.lines()).hasSize(2);
    BadRows bad = loaded.badRows();
    assertThat(bad.counts()).isEqualTo(Map.of(c.reason(), 1));
    assertThat(bad.examples(c.reason())).hasSize(1);
    BadRow example = bad.examples(c.reason()).get(0);
    assertThat(example.location()).isEqualTo(p + ":2");
    assertThat(example.message()).startsWith(p + ":2: " + c.message());
    assertThat(bad.summary()).startsWith("1 bad row skipped (1 " + c.reason().code() + "), e.g. " + p + ":2: ");
  }

  @Test
  void aRowThatIsNotUtf8IsABadRowAtItsLineAndTheRestIsRead() throws IOException {
    Path p = dir.resolve("latin1.jsonl");
    byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = (GOOD.replace("TOTAL", "TOT\u00c4L") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(good);
    all.write(latin1);
    all.write((GOOD2 + "\n").getBytes(StandardCharsets.UTF_8));
    all.write(GOOD.replace("\"001\"", "\"003\"").getBytes(StandardCharsets.UTF_8)); // no line end at the end
    Files.write(p, all.toByteArray());

    LoadedLines loaded = JsonlLines.read(p, ReadOptions.of(BadRowPolicy.SKIP));

    assertThat(loaded.lines()).hasSize(3);
    assertThat(loaded.badRows().counts()).isEqualTo(Map.of(BadRowReason.INVALID_UTF8, 1));
    BadRow bad = loaded.badRows().examples(BadRowReason.INVALID_UTF8).get(0);
    assertThat(bad.location()).isEqualTo(p + ":2");
    assertThat(bad.message()).isEqualTo(p + ":2: row: not UTF-8: byte 0xC4 at byte 54");
    assertThatThrownBy(() -> JsonlLines.read(p, ReadOptions.of(BadRowPolicy.FAIL)))
        .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.getMessage())
            .startsWith(p + ":2: row: not UTF-8"));
  }

  @Test
  void aRowWithAnEarlierRowsDocumentAndLineIdIsABadRow() throws IOException {
    Path p = file("dup.jsonl", List.of(GOOD, GOOD2, GOOD.replace("TOTAL\", \"9.99", "TOTAL\", \"1.00")));
    LoadedLines loaded = JsonlLines.read(p, ReadOptions.of(BadRowPolicy.SKIP));
    assertThat(loaded.lines()).hasSize(2);
    assertThat(loaded.badRows().examples(BadRowReason.DUPLICATE_KEY)).singleElement().satisfies(b ->
        assertThat(b.message()).isEqualTo(p + ":3: row: line (r1, 001) is already at " + p + ":1"));
    assertThatThrownBy(() -> JsonlLines.read(p, ReadOptions.of(BadRowPolicy.FAIL)))
        .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.reason()).isEqualTo(BadRowReason.DUPLICATE_KEY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRows")
  void aRowAlreadyReadAsJsonFollowsTheSameRules(Case c) {
    JsonlLines.RowParser parser = new JsonlLines.RowParser(FieldNames.DEFAULT, LineValidator.DEFAULT);
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(c.row());
    } catch (JsonProcessingException e) {
      return;
    }
    assertThat(parser.parse(tree)).isEqualTo(parser.parse(c.row()));
    assertThat(parser.parse(Json.tree(GOOD))).isEqualTo(parser.parse(GOOD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRows")
  void eachBadRowThrowsUnderFail(Case c) throws IOException {
    Path p = file("data.jsonl", List.of(GOOD, "", c.row(), GOOD2));
    assertThatThrownBy(() -> JsonlLines.read(p, ReadOptions.of(BadRowPolicy.FAIL)))
        .isInstanceOfSatisfying(DataException.class, e -> {
          assertThat(e.reason()).isEqualTo(c.reason());
          assertThat(e.getMessage()).startsWith(p + ":3: " + c.message()).doesNotContain("\n");
          assertThat(e.badRow().location()).isEqualTo(p + ":3");
        });
  }

  @Test
  void countsByReasonKeepFiveExamplesEachAndSummarizeMostFrequentFirst() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(row("\"r\"", "\"" + i + "\"", "[\"a\"]", "[[0, 0, 1, 1]]", "[\"B-\"]"));
    }
    rows.add(row("\"r\"", "\"x\"", "[]", "[]", "[]"));
    rows.add("not json");
    rows.add(GOOD);
    LoadedLines loaded =
        JsonlLines.read(new StringReader(String.join("\n", rows)), "mem", ReadOptions.of(BadRowPolicy.SKIP));
    BadRows bad = loaded.badRows();
    assertThat(loaded.lines()).hasSize(1);
    assertThat(bad.total()).isEqualTo(9);
    assertThat(bad.count(BadRowReason.UNKNOWN_TAG)).isEqualTo(7);
    assertThat(bad.count(BadRowReason.EMPTY_LINE)).isEqualTo(1);
    assertThat(bad.count(BadRowReason.INVALID_JSON)).isEqualTo(1);
    assertThat(bad.count(BadRowReason.WRONG_TYPE)).isZero();
    assertThat(bad.examples(BadRowReason.UNKNOWN_TAG)).extracting(BadRow::location)
        .containsExactly("mem:1", "mem:2", "mem:3", "mem:4", "mem:5");
    assertThat(bad.summary()).isEqualTo("9 bad rows skipped (7 unknown_tag, 1 invalid_json, 1 empty_line), "
        + "e.g. mem:1: labels[0]: 'B-' is not O, B-TYPE or I-TYPE");
  }

  @Test
  void aFixedLabelSetRejectsOtherWellFormedTags() {
    String other = row("\"r\"", "\"2\"", "[\"a\"]", "[[0, 0, 1, 1]]", "[\"B-FOO\"]");
    ReadOptions options = ReadOptions.of(BadRowPolicy.SKIP).withLabelSet(List.of("O", "B-TOTAL", "I-TOTAL"));
    LoadedLines loaded = JsonlLines.read(new StringReader(GOOD + "\n" + other + "\n"), "f", options);
    assertThat(loaded.lines()).hasSize(1);
    assertThat(loaded.badRows().examples(BadRowReason.UNKNOWN_TAG).get(0).message())
        .isEqualTo("f:2: labels[0]: 'B-FOO' is not in the label set [B-TOTAL, I-TOTAL, O]");
    assertThatThrownBy(() -> ReadOptions.of(BadRowPolicy.SKIP).withLabelSet(List.of("TOTAL")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesAndReadsBackEqualLines() {
    List<LabeledLine> lines = SyntheticReceipts.generate(5, 10);
    Path p = dir.resolve("out.jsonl");
    JsonlLines.write(p, lines);
    LoadedLines loaded = JsonlLines.read(p, ReadOptions.of(BadRowPolicy.FAIL));
    assertThat(loaded.lines()).isEqualTo(lines);
    assertThat(loaded.badRows().isEmpty()).isTrue();
    assertThat(loaded.badRows().summary()).isEqualTo("no bad rows");
  }

  @Test
  void rowFormatIsTheDocumentedOne() {
    LabeledLine line = new LabeledLine("r1", "001", List.of("TOTAL", "9.99"),
        List.of(new Box(10, 20, 60, 35), new Box(700, 20, 760, 35)), List.of("O", "B-TOTAL"));
    assertThat(JsonlLines.toJson(line, FieldNames.DEFAULT)).isEqualTo("{\"receipt_id\":\"r1\",\"line_id\":\"001\","
        + "\"words\":[\"TOTAL\",\"9.99\"],\"boxes\":[[10,20,60,35],[700,20,760,35]],\"labels\":[\"O\",\"B-TOTAL\"]}");
    LoadedLines loaded = JsonlLines.read(new StringReader(GOOD), "s", ReadOptions.of(BadRowPolicy.FAIL));
    assertThat(loaded.lines()).containsExactly(line);
  }

  @Test
  void fieldNamesMapAnotherSourcesAttributes() throws IOException {
    FieldNames names = new FieldNames("doc", "line", "tokens", "bboxes", "ner_tags");
    List<LabeledLine> lines = SyntheticReceipts.generate(8, 3);
    Path p = dir.resolve("mapped.jsonl");
    JsonlLines.write(p, lines, names);
    assertThat(Files.readAllLines(p).get(0)).startsWith("{\"doc\":").contains("\"ner_tags\":");
    ReadOptions options = ReadOptions.of(BadRowPolicy.FAIL).withFields(names);
    assertThat(JsonlLines.read(p, options).lines()).isEqualTo(lines);

    String bad = "{\"doc\": \"r\", \"line\": \"1\", \"tokens\": [\"a\"], \"bboxes\": [[0, 0, 1, 1]], \"ner_tags\": []}";
    assertThatThrownBy(() -> JsonlLines.read(new StringReader(bad), "m", options))
        .hasMessage("m:1: tokens: lengths differ: tokens 1, bboxes 1, ner_tags 0");
    assertThatThrownBy(() -> JsonlLines.read(p, ReadOptions.of(BadRowPolicy.FAIL)))
        .hasMessage(p + ":1: receipt_id: missing");
    assertThatThrownBy(() -> new FieldNames("a", "a", "b", "c", "d")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FieldNames("a", " ", "b", "c", "d")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankLinesAndAByteOrderMarkAreNotRowsAndExtraFieldsAreIgnored() {
    String withExtra = GOOD2.replace("{", "{\"source\": \"scan\", ");
    String text = "\uFEFF" + GOOD + "\n\n   \n" + withExtra + "\n";
    LoadedLines loaded = JsonlLines.read(new StringReader(text), "s", ReadOptions.of(BadRowPolicy.FAIL));
    assertThat(loaded.lines()).hasSize(2);
    assertThat(loaded.badRows().isEmpty()).isTrue();
  }

  @Test
  void wholeNumbersWrittenAsDecimalsAreAccepted() {
    String text = GOOD.replace("[10, 20, 60, 35]", "[10.0, 20, 60, 35.0]");
    LoadedLines loaded = JsonlLines.read(new StringReader(text), "s", ReadOptions.of(BadRowPolicy.FAIL));
    assertThat(loaded.lines().get(0).boxes().get(0)).isEqualTo(new Box(10, 20, 60, 35));
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThatThrownBy(() -> JsonlLines.read(dir.resolve("nope.jsonl"), ReadOptions.of(BadRowPolicy.SKIP)))
        .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("nope.jsonl");
  }
}
