package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sweep.util.BadInputException;

class SplitsTest {
  private static final List<LabeledLine> LINES = SyntheticReceipts.generate(11, 200, false);

  private static Set<String> docs(List<LabeledLine> lines) {
    return lines.stream().map(LabeledLine::documentId).collect(Collectors.toSet());
  }

  @Test
  void noDocumentIsOnBothSidesAndNoLineIsLost() {
    Splits.Split split = Splits.byDocument(LINES, 0.2, 5);
    assertThat(docs(split.train())).doesNotContainAnyElementsOf(docs(split.val()));
    assertThat(split.train().size() + split.val().size()).isEqualTo(LINES.size());
    assertThat(docs(split.val()).size()).isBetween(20, 60);
  }

  @Test
  void sameSeedSameSplitInAnyOrderAnotherSeedAnotherSplit() {
    Splits.Split split = Splits.byDocument(LINES, 0.2, 5);
    List<LabeledLine> shuffled = new ArrayList<>(LINES);
    Collections.shuffle(shuffled, new Random(3));
    Splits.Split again = Splits.byDocument(shuffled, 0.2, 5);
    assertThat(docs(again.val())).isEqualTo(docs(split.val()));
    assertThat(Splits.byDocument(LINES, 0.2, 5)).isEqualTo(split);
    assertThat(docs(Splits.byDocument(LINES, 0.2, 6).val())).isNotEqualTo(docs(split.val()));
  }

  @Test
  void addingDocumentsMovesNoOtherDocument() {
    Splits.Split small = Splits.byDocument(LINES, 0.25, 9);
    List<LabeledLine> more = new ArrayList<>(LINES);
    more.addAll(SyntheticReceipts.generate(12, 100, false));
    Splits.Split big = Splits.byDocument(more, 0.25, 9);
    Set<String> bigVal = docs(big.val());
    Set<String> bigTrain = docs(big.train());
    assertThat(bigVal).containsAll(docs(small.val()));
    assertThat(bigTrain).containsAll(docs(small.train()));
  }

  @Test
  void keepsInputOrderOnEachSide() {
    Splits.Split split = Splits.byDocument(LINES, 0.3, 1);
    List<LabeledLine> expectedTrain = LINES.stream().filter(l -> docs(split.train()).contains(l.documentId())).toList();
    assertThat(split.train()).isEqualTo(expectedTrain);
  }

  @Test
  void anEmptySideIsAnError() {
    List<LabeledLine> oneDoc = LINES.stream().filter(l -> l.documentId().equals(LINES.get(0).documentId())).toList();
    assertThatThrownBy(() -> Splits.byDocument(oneDoc, 0.5, 1)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cannot split 1 documents");
    assertThatThrownBy(() -> Splits.byDocument(List.of(), 0.5, 1)).isInstanceOf(BadInputException.class);
    assertThatThrownBy(() -> Splits.byDocument(LINES, 0.0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Splits.byDocument(LINES, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Splits.byDocument(LINES, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unitHashIsAFixedFunctionOfSeedAndId() {
    double u = Splits.unitHash(42, "receipt-1");
    assertThat(u).isBetween(0.0, 1.0).isEqualTo(Splits.unitHash(42, "receipt-1"));
    assertThat(Splits.unitHash(43, "receipt-1")).isNotEqualTo(u);
    assertThat(Splits.unitHash(42, "receipt-2")).isNotEqualTo(u);
  }
}
