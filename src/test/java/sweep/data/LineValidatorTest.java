package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineValidatorTest {
  private static final Box B = new Box(0, 0, 10, 10);

  private static LabeledLine line(String doc, List<String> words, List<Box> boxes, List<String> labels) {
    return new LabeledLine(doc, "001", words, boxes, labels);
  }

  private static Optional<Violation> check(LabeledLine line) {
    return LineValidator.DEFAULT.check(line);
  }

  @Test
  void aValidLinePasses() {
    assertThat(check(line("r", List.of("TOTAL", "1.00"), List.of(B, B), List.of("O", "B-TOTAL")))).isEmpty();
    assertThat(check(line("r", List.of("x"), List.of(new Box(5, 5, 5, 5)), List.of("I-X")))).isEmpty();
  }

  @Test
  void inMemoryRowsBreakTheSameRulesAsFileRows() {
    assertThat(check(line(" ", List.of("a"), List.of(B), List.of("O"))))
        .contains(new Violation(BadRowReason.MISSING_FIELD, "receipt_id", "empty"));
    assertThat(check(line("r", List.of(), List.of(), List.of())))
        .contains(new Violation(BadRowReason.EMPTY_LINE, "words", "no words"));
    assertThat(check(line("r", List.of("a"), List.of(B, B), List.of("O"))).map(Violation::reason))
        .contains(BadRowReason.LENGTH_MISMATCH);
    assertThat(check(line("r", List.of("a"), List.of(new Box(0, 0, 1001, 5)), List.of("O"))))
        .contains(new Violation(BadRowReason.BOX_OUT_OF_RANGE, "boxes[0]", "[0, 0, 1001, 5] is outside 0..1000"));
    assertThat(check(line("r", List.of("a", "\t"), List.of(B, B), List.of("O", "O"))))
        .contains(new Violation(BadRowReason.EMPTY_WORD, "words[1]", "empty word '\\u0009'"));
    assertThat(check(line("r", List.of("a"), List.of(B), List.of("S-X"))))
        .contains(new Violation(BadRowReason.UNKNOWN_TAG, "labels[0]", "'S-X' is not O, B-TYPE or I-TYPE"));
  }

  @Test
  void theFirstRuleBrokenIsReported() {
    // A bad box and a bad tag: the box is checked first.
    assertThat(check(line("r", List.of("a"), List.of(new Box(9, 0, 1, 1)), List.of("?"))).map(Violation::reason))
        .contains(BadRowReason.BOX_OUT_OF_RANGE);
    // A length mismatch hides everything after it.
    assertThat(check(line("r", List.of(""), List.of(), List.of("?"))).map(Violation::reason))
        .contains(BadRowReason.LENGTH_MISMATCH);
  }

  @Test
  void aFixedLabelSetAndFieldNamesShapeTheMessages() {
    FieldNames names = new FieldNames("pk", "sk", "w", "b", "t");
    LineValidator v = new LineValidator(names, Set.of("O", "B-TOTAL"));
    assertThat(v.check(line("r", List.of("a"), List.of(B), List.of("I-TOTAL"))))
        .contains(new Violation(BadRowReason.UNKNOWN_TAG, "t[0]", "'I-TOTAL' is not in the label set [B-TOTAL, O]"));
    assertThat(v.check(line("r", List.of("a"), List.of(B, B), List.of("O"))).map(Violation::message))
        .contains("w: lengths differ: w 1, b 2, t 1");
  }

  @Test
  void filterAppliesThePolicyToLinesInMemory() {
    LabeledLine good = line("r", List.of("a"), List.of(B), List.of("O"));
    LabeledLine bad = new LabeledLine("r", "002", List.of("a"), List.of(B), List.of("X"));
    LoadedLines loaded = LineValidator.DEFAULT.filter(List.of(good, bad, good), BadRowPolicy.SKIP);
    assertThat(loaded.lines()).containsExactly(good, good);
    assertThat(loaded.badRows().count(BadRowReason.UNKNOWN_TAG)).isEqualTo(1);
    assertThat(loaded.badRows().examples(BadRowReason.UNKNOWN_TAG).get(0).message())
        .isEqualTo("r/002: labels[0]: 'X' is not O, B-TYPE or I-TYPE");
    assertThatThrownBy(() -> LineValidator.DEFAULT.filter(List.of(good, bad), BadRowPolicy.FAIL))
        .isInstanceOf(DataException.class).hasMessage("r/002: labels[0]: 'X' is not O, B-TYPE or I-TYPE");
  }

  @Test
  void linesAreImmutableCopies() {
    java.util.ArrayList<String> words = new java.util.ArrayList<>(List.of("a"));
    LabeledLine l = line("r", words, List.of(B), List.of("O"));
    words.add("b");
    assertThat(l.words()).containsExactly("a");
    assertThatThrownBy(() -> l.words().add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> line("r", java.util.Arrays.asList("a", null), List.of(B, B), List.of("O", "O")))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void boxProblems() {
    assertThat(new Box(0, 0, 1000, 1000).isValid()).isTrue();
    assertThat(new Box(3, 4, 3, 4).problem()).isEmpty();
    assertThat(new Box(4, 0, 3, 4).problem()).contains("[4, 0, 3, 4] has x0 > x1");
    assertThat(new Box(0, 5, 3, 4).problem()).contains("[0, 5, 3, 4] has y0 > y1");
    assertThat(new Box(-1, 0, 3, 4).problem()).contains("[-1, 0, 3, 4] is outside 0..1000");
    assertThat(new Box(10, 20, 40, 60).width()).isEqualTo(30);
    assertThat(new Box(10, 20, 40, 60).height()).isEqualTo(40);
  }
}
