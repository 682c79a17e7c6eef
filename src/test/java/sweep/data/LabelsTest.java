package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {

  private static LabeledLine line(String... labels) {
    List<String> words = java.util.Arrays.stream(labels).map(l -> "w").toList();
    List<Box> boxes = java.util.Arrays.stream(labels).map(l -> new Box(0, 0, 1, 1)).toList();
    return new LabeledLine("d", "l", words, boxes, List.of(labels));
  }

  @Test
  void inferPutsOFirstThenTypesInOrderWithBBeforeI() {
    List<String> labels = Labels.infer(List.of(line("I-TOTAL", "O", "B-DATE"), line("B-ITEM", "I-ITEM", "B-TOTAL")));
    assertThat(labels).containsExactly("O", "B-DATE", "I-DATE", "B-ITEM", "I-ITEM", "B-TOTAL", "I-TOTAL");
  }

  @Test
  void inferCompletesPairsBothWaysAndAlwaysHasO() {
    assertThat(Labels.infer(List.of(line("B-TAX")))).containsExactly("O", "B-TAX", "I-TAX");
    assertThat(Labels.infer(List.of(line("I-PRICE")))).containsExactly("O", "B-PRICE", "I-PRICE");
    assertThat(Labels.infer(List.of())).containsExactly("O");
  }

  @Test
  void inferRejectsMalformedTags() {
    assertThatThrownBy(() -> Labels.infer(List.of(line("B-")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'B-'");
    assertThatThrownBy(() -> Labels.infer(List.of(line("TOTAL")))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wellFormedTags() {
    assertThat(Labels.isWellFormed("O")).isTrue();
    assertThat(Labels.isWellFormed("B-TOTAL")).isTrue();
    assertThat(Labels.isWellFormed("I-menu.nm")).isTrue();
    assertThat(Labels.isWellFormed("o")).isFalse();
    assertThat(Labels.isWellFormed("B-")).isFalse();
    assertThat(Labels.isWellFormed("E-TOTAL")).isFalse();
    assertThat(Labels.isWellFormed("B-TO TAL")).isFalse();
    assertThat(Labels.isWellFormed(null)).isFalse();
    assertThat(Labels.entityType("I-DATE")).contains("DATE");
    assertThat(Labels.entityType("O")).isEmpty();
    assertThat(Labels.isBegin("B-X")).isTrue();
    assertThat(Labels.isInside("B-X")).isFalse();
  }

  @Test
  void sortedKeepsExactlyTheGivenLabels() {
    assertThat(Labels.sorted(Set.of("I-TOTAL", "B-TOTAL", "O", "B-DATE")))
        .containsExactly("O", "B-DATE", "B-TOTAL", "I-TOTAL");
    assertThat(Labels.forTypes(List.of("TOTAL", "DATE")))
        .containsExactly("O", "B-DATE", "I-DATE", "B-TOTAL", "I-TOTAL");
  }
}
