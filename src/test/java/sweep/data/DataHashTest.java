package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataHashTest {

  @Test
  void isTheSha256OfTheCanonicalJsonlSortedByDocumentAndLine() throws Exception {
    LabeledLine a = new LabeledLine("r1", "001", List.of("TOTAL", "9.99"),
        List.of(new Box(10, 20, 60, 35), new Box(700, 20, 760, 35)), List.of("O", "B-TOTAL"));
    LabeledLine b = new LabeledLine("r0", "000", List.of("Café"), List.of(new Box(1, 2, 3, 4)), List.of("B-MERCHANT"));
    String canonical = """
        {"receipt_id":"r0","line_id":"000","words":["Café"],"boxes":[[1,2,3,4]],"labels":["B-MERCHANT"]}
        {"receipt_id":"r1","line_id":"001","words":["TOTAL","9.99"],"boxes":[[10,20,60,35],[700,20,760,35]],\
        "labels":["O","B-TOTAL"]}
        """;
    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    assertThat(DataHash.of(List.of(a, b))).isEqualTo(expected).hasSize(64);
  }

  @Test
  void doesNotDependOnInputOrder() {
    List<LabeledLine> lines = new ArrayList<>(SyntheticReceipts.generate(3, 20));
    String hash = DataHash.of(lines);
    Collections.shuffle(lines, new Random(1));
    assertThat(DataHash.of(lines)).isEqualTo(hash);
    Collections.reverse(lines);
    assertThat(DataHash.of(lines)).isEqualTo(hash);
  }

  @Test
  void changesWithAnyContent() {
    List<LabeledLine> lines = new ArrayList<>(SyntheticReceipts.generate(3, 5));
    String hash = DataHash.of(lines);
    LabeledLine first = lines.get(0);
    List<String> labels = new ArrayList<>(first.labels());
    labels.set(0, "O".equals(labels.get(0)) ? "B-X" : "O");
    lines.set(0, new LabeledLine(first.documentId(), first.lineId(), first.words(), first.boxes(), labels));
    assertThat(DataHash.of(lines)).isNotEqualTo(hash);
    assertThat(DataHash.of(lines.subList(1, lines.size()))).isNotEqualTo(hash);
  }

  @Test
  void duplicateKeysAreOrderedToo() {
    LabeledLine a = new LabeledLine("r", "1", List.of("a"), List.of(new Box(0, 0, 1, 1)), List.of("O"));
    LabeledLine b = new LabeledLine("r", "1", List.of("b"), List.of(new Box(0, 0, 1, 1)), List.of("O"));
    assertThat(DataHash.of(List.of(a, b))).isEqualTo(DataHash.of(List.of(b, a)));
  }
}
