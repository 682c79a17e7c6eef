package sweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** seqeval's strict IOB2 chunking; the vectors are tests/test_scheme.py's, (type, start, exclusive end). */
class Iob2ChunkerTest {
  private static List<String> chunks(String... tags) {
    List<String> out = new ArrayList<>();
    for (Entity e : Iob2Chunker.entities("gold", List.of(List.of(tags)))) {
      out.add(e.type() + " " + e.start() + " " + e.end());
    }
    return out;
  }

  static List<Arguments> iob2Tokens() {
    // tests/test_scheme.py::test_iob2_tokens
    return List.of(
        Arguments.of(List.of(), List.of()),
        Arguments.of(List.of("B-PER"), List.of("PER 0 1")),
        Arguments.of(List.of("I-PER"), List.of()),
        Arguments.of(List.of("O"), List.of()),
        Arguments.of(List.of("O", "I-PER"), List.of()),
        Arguments.of(List.of("O", "B-PER"), List.of("PER 1 2")),
        Arguments.of(List.of("I-PER", "O"), List.of()),
        Arguments.of(List.of("I-PER", "I-PER"), List.of()),
        Arguments.of(List.of("I-PER", "I-ORG"), List.of()),
        Arguments.of(List.of("I-PER", "B-PER"), List.of("PER 1 2")),
        Arguments.of(List.of("I-PER", "B-ORG"), List.of("ORG 1 2")),
        Arguments.of(List.of("B-PER", "O"), List.of("PER 0 1")),
        Arguments.of(List.of("B-PER", "I-PER"), List.of("PER 0 2")),
        Arguments.of(List.of("B-PER", "I-ORG"), List.of("PER 0 1")),
        Arguments.of(List.of("B-PER", "B-PER"), List.of("PER 0 1", "PER 1 2")),
        Arguments.of(List.of("B-PER", "B-ORG"), List.of("PER 0 1", "ORG 1 2")),
        // tests/test_scheme.py::test_iob2_tokens_without_tag: the type of a bare prefix is '_'
        Arguments.of(List.of("B"), List.of("_ 0 1")),
        Arguments.of(List.of("I"), List.of()),
        Arguments.of(List.of("O", "O"), List.of()),
        Arguments.of(List.of("O", "I"), List.of()),
        Arguments.of(List.of("O", "B"), List.of("_ 1 2")),
        Arguments.of(List.of("I", "O"), List.of()),
        Arguments.of(List.of("I", "I"), List.of()),
        Arguments.of(List.of("I", "B"), List.of("_ 1 2")),
        Arguments.of(List.of("B", "O"), List.of("_ 0 1")),
        Arguments.of(List.of("B", "I"), List.of("_ 0 2")),
        Arguments.of(List.of("B", "B"), List.of("_ 0 1", "_ 1 2")),
        // by hand: B-PER I-PER I-PER I-LOC I-LOC: PER 0..3; the I-LOCs continue nothing, so no LOC at all.
        Arguments.of(List.of("B-PER", "I-PER", "I-PER", "I-LOC", "I-LOC"), List.of("PER 0 3")),
        // by hand: Token strips every leading/trailing '-': 'B--X-' and 'I-X' are both type X.
        Arguments.of(List.of("B--X-", "I-X"), List.of("X 0 2")));
  }

  @ParameterizedTest
  @MethodSource
  void iob2Tokens(List<String> tags, List<String> expected) {
    assertThat(chunks(tags.toArray(String[]::new))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"E-PER", "S-PER", "E", "S", "U-PER", "L-PER"})
  void prefixesOutsideIob2AreRejected(String tag) {
    // tests/test_scheme.py::test_invalid_prefix (E and S with IOB2 raise ValueError); U and L likewise.
    assertThatThrownBy(() -> chunks("O", tag)).isInstanceOf(InvalidTagException.class)
        .hasMessageContaining("token index 1").hasMessageContaining("IOB2 does not allow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"T", "PER", "b-PER", "X-PER"})
  void tagsThatStartWithNoPrefixAreRejected(String tag) {
    // TestIOB2Token::test_invalid_prefix: IOB2('T') raises KeyError; so does any first character that is no prefix.
    assertThatThrownBy(() -> chunks(tag)).isInstanceOf(InvalidTagException.class)
        .hasMessageContaining("not an IOB2 tag");
  }

  @Test
  void iobesTagsUnderIob2NameTheFirstBadTag() {
    // TestTokens::test_raise_exception_when_iobes_tokens_with_iob2_scheme: ['B-PER', 'E-PER', 'S-PER'] raises; seqeval
    // validates E-PER (index 1) first.
    assertThatThrownBy(() -> Iob2Chunker.entities("pred", List.of(List.of("O"), List.of("B-PER", "E-PER", "S-PER"))))
        .isInstanceOfSatisfying(InvalidTagException.class, e -> {
          assertThat(e.side()).isEqualTo("pred");
          assertThat(e.sequence()).isEqualTo(1);
          assertThat(e.token()).isEqualTo(1);
          assertThat(e.tag()).isEqualTo("E-PER");
        });
  }

  @Test
  void aTagWithNoPrefixIsReportedBeforeAnE() {
    // seqeval builds all of a sequence's tokens (KeyError for 'PER') before is_valid (ValueError for 'E-PER'), so
    // [['O', 'E-PER', 'PER']] fails on 'PER'; across sequences the earlier sequence fails first.
    assertThatThrownBy(() -> Iob2Chunker.entities("gold", List.of(List.of("O", "E-PER", "PER"))))
        .isInstanceOfSatisfying(InvalidTagException.class, e -> assertThat(e.tag()).isEqualTo("PER"));
    assertThatThrownBy(() -> Iob2Chunker.entities("gold", List.of(List.of("E-PER"), List.of("PER"))))
        .isInstanceOfSatisfying(InvalidTagException.class, e -> assertThat(e.tag()).isEqualTo("E-PER"));
  }

  @Test
  void entitiesCarryTheirSequenceIndex() {
    // tests/test_scheme.py::test_entities_filter: [['B-PER', 'B-ORG']] -> Entity(0, 0, 1, 'PER'), Entity(0, 1, 2, 'ORG')
    assertThat(Iob2Chunker.entities("gold", List.of(List.of("O"), List.of("B-PER", "B-ORG"))))
        .containsExactly(new Entity(1, "PER", 0, 1), new Entity(1, "ORG", 1, 2));
  }
}
