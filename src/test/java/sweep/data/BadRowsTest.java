package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BadRowsTest {

  private static BadRow bad(String where, BadRowReason reason) {
    return new BadRow(where, new Violation(reason, "words", "something"));
  }

  @Test
  void noneIsEmpty() {
    assertThat(BadRows.none().isEmpty()).isTrue();
    assertThat(BadRows.none().total()).isZero();
    assertThat(BadRows.none().count(BadRowReason.EMPTY_LINE)).isZero();
    assertThat(BadRows.none().examples(BadRowReason.EMPTY_LINE)).isEmpty();
    assertThat(BadRows.none().summary()).isEqualTo("no bad rows");
  }

  @Test
  void theCollectorCountsUnderSkipAndThrowsUnderFail() {
    BadRowCollector skip = new BadRowCollector(BadRowPolicy.SKIP);
    for (int i = 1; i <= 8; i++) {
      skip.reject(bad("f:" + i, BadRowReason.EMPTY_WORD));
    }
    BadRows rows = skip.badRows();
    assertThat(rows.count(BadRowReason.EMPTY_WORD)).isEqualTo(8);
    assertThat(rows.examples(BadRowReason.EMPTY_WORD)).hasSize(BadRows.MAX_EXAMPLES);
    assertThat(rows.summary()).isEqualTo("8 bad rows skipped (8 empty_word), e.g. f:1: words: something");

    BadRowCollector fail = new BadRowCollector(BadRowPolicy.FAIL);
    assertThatThrownBy(() -> fail.reject(bad("f:3", BadRowReason.EMPTY_WORD)))
        .isInstanceOf(DataException.class).hasMessage("f:3: words: something");
  }

  @Test
  void mergeAddsCountsAndKeepsTheFirstExamples() {
    BadRowCollector a = new BadRowCollector(BadRowPolicy.SKIP);
    BadRowCollector b = new BadRowCollector(BadRowPolicy.SKIP);
    for (int i = 1; i <= 3; i++) {
      a.reject(bad("train:" + i, BadRowReason.UNKNOWN_TAG));
      b.reject(bad("val:" + i, BadRowReason.UNKNOWN_TAG));
    }
    b.reject(bad("val:9", BadRowReason.INVALID_JSON));
    BadRows merged = BadRows.merge(a.badRows(), b.badRows());
    assertThat(merged.total()).isEqualTo(7);
    assertThat(merged.count(BadRowReason.UNKNOWN_TAG)).isEqualTo(6);
    assertThat(merged.examples(BadRowReason.UNKNOWN_TAG)).extracting(BadRow::location)
        .containsExactly("train:1", "train:2", "train:3", "val:1", "val:2");
    assertThat(merged.counts().keySet()).containsExactly(BadRowReason.INVALID_JSON, BadRowReason.UNKNOWN_TAG);
    assertThat(BadRows.merge(BadRows.none(), BadRows.none()).isEmpty()).isTrue();
  }

  @Test
  void reasonCodesAreTheDocumentedOnes() {
    assertThat(java.util.Arrays.stream(BadRowReason.values()).map(BadRowReason::code)).containsExactly(
        "invalid_utf8", "invalid_json", "missing_field", "wrong_type", "empty_line", "length_mismatch",
        "box_out_of_range", "empty_word", "unknown_tag", "duplicate_key");
  }
}
