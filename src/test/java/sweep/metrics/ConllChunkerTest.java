package sweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * seqeval's {@code get_entities}. Expected chunks are seqeval's {@code (type, start, end)} with inclusive ends over
 * the sequences laid end to end with an "O" after each, written here as {@code Entity(0, type, start, end)}.
 */
class ConllChunkerTest {
  private static List<Entity> entities(List<List<String>> seqs) {
    return ConllChunker.entities("gold", seqs);
  }

  private static Entity e(String type, int start, int end) {
    return new Entity(0, type, start, end);
  }

  @Test
  void seqevalTestGetEntities() {
    // tests/test_metrics.py::test_get_entities -> [('MISC', 3, 5), ('PER', 7, 8)]
    assertThat(entities(List.of(List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O", "B-PER", "I-PER"))))
        .containsExactly(e("MISC", 3, 5), e("PER", 7, 8));
  }

  @Test
  void seqevalDocstringExample() {
    // get_entities docstring: ['B-PER', 'I-PER', 'O', 'B-LOC'] -> [('PER', 0, 1), ('LOC', 3, 3)]
    assertThat(entities(List.of(List.of("B-PER", "I-PER", "O", "B-LOC")))).containsExactly(e("PER", 0, 1),
        e("LOC", 3, 3));
  }

  @Test
  void seqevalTestGetEntitiesWithOnlyIob() {
    // tests/test_metrics.py::test_get_entities_with_only_IOB -> [('_', 3, 5), ('_', 8, 9)]: the second sequence's
    // offsets count the "O" seqeval puts after the first (7 tags + 1).
    assertThat(entities(List.of(List.of("O", "O", "O", "B", "I", "I", "O"), List.of("B", "I", "O"))))
        .containsExactly(e("_", 3, 5), e("_", 8, 9));
  }

  @Test
  void iAfterOStartsAnEntity() {
    // O then I-PER: start_of_chunk(prev 'O', tag 'I') is true, so I-PER I-PER is one PER chunk at 1..2.
    assertThat(entities(List.of(List.of("O", "I-PER", "I-PER", "O")))).containsExactly(e("PER", 1, 2));
  }

  @Test
  void typeSwitchEndsTheEntityAndStartsAnother() {
    // B-PER I-LOC: the type changes, so PER ends at 0 and LOC starts at 1 (ended by the O).
    assertThat(entities(List.of(List.of("B-PER", "I-LOC", "O")))).containsExactly(e("PER", 0, 0), e("LOC", 1, 1));
  }

  @Test
  void trailingEntityEndsAtTheSequenceEndAndDoesNotRunIntoTheNext() {
    // ['O', 'B-LOC'] + ['I-LOC', 'O'] -> flat O B-LOC O | I-LOC O O: LOC 1..1 (ended by the separator O), then I-LOC
    // after O starts LOC 3..3.
    assertThat(entities(List.of(List.of("O", "B-LOC"), List.of("I-LOC", "O"))))
        .containsExactly(e("LOC", 1, 1), e("LOC", 3, 3));
  }

  @Test
  void endAndSingleTags() {
    // S-PER O B-LOC E-LOC E-LOC: S then O ends PER 0..0; B-LOC E-LOC is LOC 2..3; E after E ends it and starts
    // LOC 4..4 (prev 'E' and tag 'E' is a start), ended because prev 'E' always ends.
    assertThat(entities(List.of(List.of("S-PER", "O", "B-LOC", "E-LOC", "E-LOC"))))
        .containsExactly(e("PER", 0, 0), e("LOC", 2, 3), e("LOC", 4, 4));
    // B-LOC I-LOC E-LOC is one chunk 2..4.
    assertThat(entities(List.of(List.of("S-PER", "O", "B-LOC", "I-LOC", "E-LOC"))))
        .containsExactly(e("PER", 0, 0), e("LOC", 2, 4));
    // S S: prev 'S' ends, tag 'S' starts: two chunks.
    assertThat(entities(List.of(List.of("S-X", "S-X")))).containsExactly(e("X", 0, 0), e("X", 1, 1));
  }

  @Test
  void tagWithoutPrefixReadsItsFirstCharacterAsThePrefix() {
    // seqeval: tag = chunk[0] = 'P', type = chunk[1:].split('-', 1)[-1] = 'ER'; the start comes from the type change
    // ('' -> 'ER'), the end from the O's type '_' differing from 'ER'. So ('ER', 0, 1).
    assertThat(entities(List.of(List.of("PER", "PER", "O")))).containsExactly(e("ER", 0, 1));
  }

  @Test
  void typeIsEverythingAfterTheFirstDashAfterThePrefix() {
    // 'I-ORG-COMPANY' -> type 'ORG-COMPANY' (split('-', 1)); 'B-' -> '' -> '_'.
    assertThat(entities(List.of(List.of("B-ORG-COMPANY", "I-ORG-COMPANY", "B-")))).containsExactly(
        e("ORG-COMPANY", 0, 1), e("_", 2, 2));
  }

  @Test
  void strayOneLetterTagCarriesAChunkAcrossASequenceEndAsSeqevalDoes() {
    // [['B-PER', 'X'], ['X', 'B-PER']] -> flat B-PER X O | X B-PER O O. X (type '_') after PER ends PER 0..0 and
    // starts a '_' chunk at 1; the separator O has type '_' too, so nothing ends it; the second X neither starts
    // nor ends; B-PER ends it at 3 (prev tag 'X' with type '_' != 'PER'). seqeval: [('PER',0,0), ('_',1,3),
    // ('PER',4,4)].
    assertThat(entities(List.of(List.of("B-PER", "X"), List.of("X", "B-PER"))))
        .containsExactly(e("PER", 0, 0), e("_", 1, 3), e("PER", 4, 4));
  }

  @Test
  void noEntities() {
    assertThat(entities(List.of(List.of("O", "O"), List.of()))).isEmpty();
    assertThat(entities(List.of(List.of()))).isEmpty();
    assertThat(entities(List.of())).isEmpty();
  }
}
