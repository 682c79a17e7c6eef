package sweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sweep.metrics.Seqeval.Average;
import sweep.metrics.Seqeval.Mode;
import sweep.metrics.Seqeval.Report;
import sweep.metrics.Seqeval.TypeScore;

/**
 * Scores against seqeval's own test vectors (tests/test_v1.py, tests/test_metrics.py, the docstrings of
 * seqeval/metrics) and hand-computed edge cases. Values quoted from seqeval are compared exactly; hand-computed
 * fractions to 1e-12.
 */
class SeqevalTest {
  private static final double EPS = 1e-12;

  private static List<List<String>> seqs(String... sequences) {
    List<List<String>> out = new ArrayList<>();
    for (String s : sequences) {
      out.add(s.isEmpty() ? List.of() : List.of(s.split(" ")));
    }
    return out;
  }

  private static void assertAverage(Average a, double p, double r, double f, int support) {
    assertThat(a.precision()).as("precision").isCloseTo(p, within(EPS));
    assertThat(a.recall()).as("recall").isCloseTo(r, within(EPS));
    assertThat(a.f1()).as("f1").isCloseTo(f, within(EPS));
    assertThat(a.support()).as("support").isEqualTo(support);
  }

  private static void assertType(TypeScore t, String type, double p, double r, double f, int support) {
    assertThat(t.type()).isEqualTo(type);
    assertAverage(new Average(t.precision(), t.recall(), t.f1(), t.support()), p, r, f, support);
  }

  // tests/test_v1.py: y_true = [['B-A', 'B-B', 'O', 'B-A']], y_pred = [['O', 'B-B', 'B-C', 'B-A']]. Every entity is
  // a lone B-, so both modes find the same ones and give the same report.
  private static final List<List<String>> V1_TRUE = seqs("B-A B-B O B-A");
  private static final List<List<String>> V1_PRED = seqs("O B-B B-C B-A");

  @ParameterizedTest
  @EnumSource(Mode.class)
  void seqevalTestOutputDict(Mode mode) {
    // test_v1.py::TestClassificationReport::test_output_dict, exact values.
    Report r = Seqeval.score(V1_TRUE, V1_PRED, mode);
    assertThat(r.types()).containsExactly(
        new TypeScore("A", 1.0, 0.5, 0.6666666666666666, 2),
        new TypeScore("B", 1.0, 1.0, 1.0, 1),
        new TypeScore("C", 0.0, 0.0, 0.0, 0));
    assertThat(r.micro()).isEqualTo(new Average(0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 3));
    assertThat(r.macro()).isEqualTo(new Average(0.6666666666666666, 0.5, 0.5555555555555555, 3));
    assertThat(r.weighted()).isEqualTo(new Average(1.0, 0.6666666666666666, 0.7777777777777777, 3));
  }

  @Test
  void seqevalTestOutputStringWithFourDigits() {
    // test_v1.py::TestClassificationReport::test_output_string prints digits=2 (1.00 0.50 0.67 ...); the same report
    // with digits=4, rounded by hand from the exact values above.
    String expected = """
                      precision    recall  f1-score   support

                   A     1.0000    0.5000    0.6667         2
                   B     1.0000    1.0000    1.0000         1
                   C     0.0000    0.0000    0.0000         0

           micro avg     0.6667    0.6667    0.6667         3
           macro avg     0.6667    0.5000    0.5556         3
        weighted avg     1.0000    0.6667    0.7778         3
        """;
    assertThat(Seqeval.score(V1_TRUE, V1_PRED, Mode.STRICT).toText()).isEqualTo(expected);
  }

  @Test
  void seqevalClassificationReportDocstring() {
    // sequence_labeling.classification_report docstring (digits=2: MISC 0.00 0.00 0.00 1, PER 1.00 1.00 1.00 1,
    // every average 0.50 0.50 0.50 2) and precision_recall_fscore_support's: macro, micro and weighted are all
    // (0.5, 0.5, 0.5, 2); per type p = r = f = [0, 1], support [1, 1]. Here with digits=4.
    Report r = Seqeval.score(seqs("O O O B-MISC I-MISC I-MISC O", "B-PER I-PER O"),
        seqs("O O B-MISC I-MISC I-MISC I-MISC O", "B-PER I-PER O"), Mode.DEFAULT);
    String expected = """
                      precision    recall  f1-score   support

                MISC     0.0000    0.0000    0.0000         1
                 PER     1.0000    1.0000    1.0000         1

           micro avg     0.5000    0.5000    0.5000         2
           macro avg     0.5000    0.5000    0.5000         2
        weighted avg     0.5000    0.5000    0.5000         2
        """;
    assertThat(r.toText()).isEqualTo(expected);
    assertThat(r.micro()).isEqualTo(new Average(0.5, 0.5, 0.5, 2));
    assertThat(r.macro()).isEqualTo(new Average(0.5, 0.5, 0.5, 2));
    assertThat(r.weighted()).isEqualTo(new Average(0.5, 0.5, 0.5, 2));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void seqevalF1ScoreDocstring(Mode mode) {
    // f1_score / precision_score / recall_score docstrings: per type [0.5, 1.0] (MISC, PER) for all three; micro
    // 0.6666666666666666, macro 0.75, weighted 0.6666666666666666. Pred's second MISC is B-MISC I-MISC where gold
    // has B-MISC alone; every entity starts with B-, so strict mode agrees.
    Report r = Seqeval.score(seqs("O O B-MISC I-MISC B-MISC O O", "B-PER I-PER O"),
        seqs("O O B-MISC I-MISC B-MISC I-MISC O", "B-PER I-PER O"), mode);
    assertThat(r.types()).containsExactly(new TypeScore("MISC", 0.5, 0.5, 0.5, 2), new TypeScore("PER", 1, 1, 1, 1));
    assertThat(r.micro().f1()).isEqualTo(0.6666666666666666);
    assertThat(r.micro().precision()).isEqualTo(0.6666666666666666);
    assertThat(r.macro().f1()).isEqualTo(0.75);
    assertThat(r.weighted().f1()).isEqualTo(0.6666666666666666);
    assertThat(r.weighted().recall()).isEqualTo(0.6666666666666666);
  }

  @Test
  void seqevalConllVersusStrictF1() {
    // test_metrics.py::TestF1score::test_conll_f1score and test_strict_f1score: gold B-ORG I-ORG, pred I-ORG I-ORG:
    // f1 is 1 (None, micro, macro, weighted) by default and 0 in strict mode (pred's I-ORG starts no entity).
    List<List<String>> gold = seqs("B-ORG I-ORG");
    List<List<String>> pred = seqs("I-ORG I-ORG");
    Report conll = Seqeval.score(gold, pred, Mode.DEFAULT);
    assertThat(conll.types()).extracting(TypeScore::f1).containsExactly(1.0);
    assertThat(List.of(conll.micro().f1(), conll.macro().f1(), conll.weighted().f1())).containsOnly(1.0);
    Report strict = Seqeval.score(gold, pred, Mode.STRICT);
    assertThat(strict.types()).extracting(TypeScore::f1).containsExactly(0.0);
    assertThat(List.of(strict.micro().f1(), strict.macro().f1(), strict.weighted().f1())).containsOnly(0.0);
  }

  @Test
  void seqevalWeightedWithNoGoldEntity() {
    // test_v1.py::test_weighted_true_sum_zero: [['O']] vs [['O']], weighted -> (0.0, 0.0, 0.0, 0)
    for (Mode mode : Mode.values()) {
      Report r = Seqeval.score(seqs("O"), seqs("O"), mode);
      assertThat(r.weighted()).isEqualTo(new Average(0, 0, 0, 0));
      assertThat(r.types()).isEmpty();
    }
  }

  @Test
  void seqevalUniqueLabels() {
    // test_v1.py::test_unique_labels: [['B-PER']] vs [['B-ORG']] -> ['ORG', 'PER']. By hand: no match, so PER has
    // support 1 and scores 0, ORG support 0; micro p = 0/1, r = 0/1.
    Report r = Seqeval.score(seqs("B-PER"), seqs("B-ORG"), Mode.STRICT);
    assertThat(r.types()).extracting(TypeScore::type).containsExactly("ORG", "PER");
    assertAverage(r.micro(), 0, 0, 0, 1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void seqevalInconsistentLengths(Mode mode) {
    // test_v1.py::TestCheckConsistentLength::test_invalid_length and test_metrics.py::test_value_error raise
    // ValueError; here IllegalArgumentException naming the sequence.
    assertThatThrownBy(() -> Seqeval.score(seqs("O"), seqs(""), mode))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence index 0");
    assertThatThrownBy(() -> Seqeval.score(seqs("", "O"), seqs("", "O O"), mode))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence index 1")
        .hasMessageContaining("1 gold tags but 2 pred tags");
    assertThatThrownBy(() -> Seqeval.score(seqs("B", ""), seqs("B"), mode))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold has 2 sequences but pred has 1")
        .hasMessageContaining("sequence index 1");
    assertThatThrownBy(() -> Seqeval.score(seqs("B"), seqs("B", "I"), mode))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence index 1");
  }

  @Test
  void iAfterO() {
    // gold O B-PER I-PER O, pred O I-PER I-PER O. Default: pred's I-PER after O starts PER 1..2 = gold's, so every
    // score is 1. Strict: pred has no entity, so PER p = 0/0 -> 0, r = 0/1, f = 0; support 1.
    List<List<String>> gold = seqs("O B-PER I-PER O");
    List<List<String>> pred = seqs("O I-PER I-PER O");
    Report conll = Seqeval.score(gold, pred, Mode.DEFAULT);
    assertType(conll.types().get(0), "PER", 1, 1, 1, 1);
    assertAverage(conll.micro(), 1, 1, 1, 1);
    Report strict = Seqeval.score(gold, pred, Mode.STRICT);
    assertType(strict.types().get(0), "PER", 0, 0, 0, 1);
    assertAverage(strict.micro(), 0, 0, 0, 1);
    assertAverage(strict.macro(), 0, 0, 0, 1);
    assertAverage(strict.weighted(), 0, 0, 0, 1);
  }

  @Test
  void typeSwitchInsideAnEntity() {
    // gold B-PER I-LOC O, pred B-PER O O.
    // Default: gold is PER 0..0 and LOC 1..1 (the type change ends PER and starts LOC), pred PER 0..0.
    //   LOC: 0 predicted -> p 0, r 0/1, f 0, support 1. PER: 1/1 everywhere. micro: 1 correct, 1 predicted, 2 gold:
    //   p 1, r 1/2, f 2*1*0.5/1.5 = 2/3. macro: (0+1)/2 = 0.5 each. weighted: (0*1 + 1*1)/2 = 0.5 each.
    // Strict: I-LOC continues nothing, so gold is PER 0..1 (B-PER then a different type ends it), pred PER 0..1.
    List<List<String>> gold = seqs("B-PER I-LOC O");
    List<List<String>> pred = seqs("B-PER O O");
    Report conll = Seqeval.score(gold, pred, Mode.DEFAULT);
    assertType(conll.types().get(0), "LOC", 0, 0, 0, 1);
    assertType(conll.types().get(1), "PER", 1, 1, 1, 1);
    assertAverage(conll.micro(), 1, 0.5, 2.0 / 3, 2);
    assertAverage(conll.macro(), 0.5, 0.5, 0.5, 2);
    assertAverage(conll.weighted(), 0.5, 0.5, 0.5, 2);
    Report strict = Seqeval.score(gold, pred, Mode.STRICT);
    assertThat(strict.types()).hasSize(1);
    assertType(strict.types().get(0), "PER", 1, 1, 1, 1);
  }

  @Test
  void trailingEntities() {
    // gold [O B-LOC] [I-LOC O], pred [O B-LOC] [B-LOC O].
    // Default: gold LOC at sequence 0 token 1 and (I- after the sequence break starts one) sequence 1 token 0;
    //   pred the same two: all 1, support 2.
    // Strict: gold only the first (I-LOC continues nothing), pred both: p 1/2, r 1/1, f 2*0.5*1/1.5 = 2/3, support 1.
    List<List<String>> gold = seqs("O B-LOC", "I-LOC O");
    List<List<String>> pred = seqs("O B-LOC", "B-LOC O");
    assertAverage(Seqeval.score(gold, pred, Mode.DEFAULT).micro(), 1, 1, 1, 2);
    Report strict = Seqeval.score(gold, pred, Mode.STRICT);
    assertType(strict.types().get(0), "LOC", 0.5, 1, 2.0 / 3, 1);
    assertAverage(strict.micro(), 0.5, 1, 2.0 / 3, 1);
  }

  @Test
  void endAndSingleTagsInDefaultModeAndRejectedInStrict() {
    // gold S-PER O B-LOC E-LOC E-LOC -> PER 0..0, LOC 2..3, LOC 4..4; pred S-PER O B-LOC I-LOC E-LOC -> PER 0..0,
    // LOC 2..4 (see ConllChunkerTest). PER 1/1; LOC: 0 correct of 1 predicted and 2 gold -> 0, support 2.
    // micro: 1 correct, 2 predicted, 3 gold: p 1/2, r 1/3, f 2*(1/2)*(1/3)/(5/6) = 0.4. macro: 0.5 each.
    // weighted: (1*1 + 0*2)/3 = 1/3 each.
    List<List<String>> gold = seqs("S-PER O B-LOC E-LOC E-LOC");
    List<List<String>> pred = seqs("S-PER O B-LOC I-LOC E-LOC");
    Report r = Seqeval.score(gold, pred, Mode.DEFAULT);
    assertType(r.types().get(0), "LOC", 0, 0, 0, 2);
    assertType(r.types().get(1), "PER", 1, 1, 1, 1);
    assertAverage(r.micro(), 0.5, 1.0 / 3, 0.4, 3);
    assertAverage(r.macro(), 0.5, 0.5, 0.5, 3);
    assertAverage(r.weighted(), 1.0 / 3, 1.0 / 3, 1.0 / 3, 3);
    // seqeval strict: "Invalid token is found: S-PER. Allowed prefixes are: I|O|B." (ValueError); gold is read first.
    assertThatThrownBy(() -> Seqeval.score(gold, pred, Mode.STRICT)).isInstanceOfSatisfying(InvalidTagException.class,
        e -> assertThat(List.of(e.side(), e.sequence(), e.token(), e.tag())).containsExactly("gold", 0, 0, "S-PER"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void emptySequences(Mode mode) {
    // Empty sequences hold no entity and shift nothing: PER matches, 1/1, support 1.
    Report r = Seqeval.score(seqs("", "B-PER", ""), seqs("", "B-PER", ""), mode);
    assertType(r.types().get(0), "PER", 1, 1, 1, 1);
    assertAverage(r.micro(), 1, 1, 1, 1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void noEntitiesAtAll(Mode mode) {
    // seqeval: micro 0 (zero_division), weighted 0 (no gold), macro NaN (mean of no types) and the text report fails
    // (max() of an empty sequence). Here: no type rows and every average 0 with support 0.
    for (List<List<String>> empty : List.of(seqs("O O", "O"), seqs(""), List.<List<String>>of())) {
      Report r = Seqeval.score(empty, empty, mode);
      assertThat(r.types()).isEmpty();
      for (Average a : List.of(r.micro(), r.macro(), r.weighted())) {
        assertThat(a).isEqualTo(new Average(0, 0, 0, 0));
      }
      assertThat(r.toText()).isEqualTo("""
                        precision    recall  f1-score   support


             micro avg     0.0000    0.0000    0.0000         0
             macro avg     0.0000    0.0000    0.0000         0
          weighted avg     0.0000    0.0000    0.0000         0
          """);
    }
  }

  @Test
  void goldEntitiesButNoPrediction() {
    // gold B-PER, pred O: PER p 0/0 -> 0, r 0/1, f 0, support 1; micro likewise.
    Report r = Seqeval.score(seqs("B-PER"), seqs("O"), Mode.DEFAULT);
    assertType(r.types().get(0), "PER", 0, 0, 0, 1);
    assertThat(r.micro()).isEqualTo(new Average(0, 0, 0, 1));
  }

  @Test
  void typesSortByCodePointAsPythonDoes() {
    // Python: sorted({'\uff21', '\U0001d400'}) puts U+FF21 first; Java's String order would put the surrogate pair
    // (0xD835...) first. The row is padded by code points, like Python's len().
    String fullwidthA = "\uFF21";
    String mathA = new String(Character.toChars(0x1D400));
    Report r = Seqeval.score(List.of(List.of("B-" + mathA, "B-" + fullwidthA)),
        List.of(List.of("B-" + mathA, "O")), Mode.DEFAULT);
    assertThat(r.types()).extracting(TypeScore::type).containsExactly(fullwidthA, mathA);
    assertThat(r.toText()).contains("\n" + " ".repeat(11) + mathA + "     1.0000");
  }

  @Test
  void formatRoundsHalfToEvenLikePython() {
    // Python: '{:.4f}'.format(1/32) == '0.0312' and '{:.4f}'.format(31/32) == '0.9688' (exact binary ties, half to
    // even); Java's %.4f gives 0.0313 for the first.
    assertThat(ReportText.fixed(1.0 / 32)).isEqualTo("0.0312");
    assertThat(ReportText.fixed(31.0 / 32)).isEqualTo("0.9688");
    assertThat(ReportText.fixed(2.0 / 3)).isEqualTo("0.6667");
    assertThat(ReportText.fixed(0.0)).isEqualTo("0.0000");
  }

  @Test
  void nullOrEmptyTagsAreRejectedInBothModes() {
    List<String> withNull = Arrays.asList("O", null);
    for (Mode mode : Mode.values()) {
      assertThatThrownBy(() -> Seqeval.score(List.of(List.of("O", "")), List.of(List.of("O", "O")), mode))
          .isInstanceOf(InvalidTagException.class).hasMessageContaining("gold sequence index 0, token index 1");
      assertThatThrownBy(() -> Seqeval.score(List.of(List.of("O", "O")), List.of(withNull), mode))
          .isInstanceOf(InvalidTagException.class).hasMessageContaining("pred sequence index 0, token index 1");
    }
  }

  @Test
  void reportIsImmutable() {
    Report r = Seqeval.score(V1_TRUE, V1_PRED, Mode.DEFAULT);
    assertThatThrownBy(() -> r.types().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  /**
   * test_metrics.py::test_by_ground_truth: tests/data/ground_truth.txt (CoNLL-2000 chunking output, columns word, POS,
   * gold, pred) scored by conlleval.pl: "processed 961 tokens with 459 phrases; found: 539 phrases; correct: 371.
   * precision: 68.83%; recall: 80.83%; FB1: 74.35", per type ADJP 0.00/0.00/0.00 (found 1), ADVP 45.45/62.50/52.63
   * (11), NP 64.98/78.63/71.16 (317), PP 83.18/98.89/90.36 (107), SBAR 66.67/33.33/44.44 (3), VP 69.00/79.31/73.80
   * (100). seqeval's default mode must agree; strict mode differs (its numbers from running seqeval 1.2.2's code:
   * micro 0.7076923076923077 / 0.7015250544662309 / 0.7045951859956237).
   */
  @Test
  void seqevalGroundTruthAgreesWithConlleval() throws IOException {
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    readGroundTruth(gold, pred);
    assertThat(gold).hasSize(40);
    Report r = Seqeval.score(gold, pred, Mode.DEFAULT);
    assertAverage(r.micro(), 371.0 / 539, 371.0 / 459, 2.0 * 371 / (539 + 459), 459);
    assertThat(r.micro().f1()).isCloseTo(0.7435, within(1e-4));
    double[][] conlleval = {{0, 0, 0}, {45.45, 62.50, 52.63}, {64.98, 78.63, 71.16}, {83.18, 98.89, 90.36},
        {66.67, 33.33, 44.44}, {69.00, 79.31, 73.80}};
    assertThat(r.types()).extracting(TypeScore::type).containsExactly("ADJP", "ADVP", "NP", "PP", "SBAR", "VP");
    for (int i = 0; i < conlleval.length; i++) {
      TypeScore t = r.types().get(i);
      assertThat(t.precision() * 100).as(t.type()).isCloseTo(conlleval[i][0], within(0.005 + 1e-9));
      assertThat(t.recall() * 100).as(t.type()).isCloseTo(conlleval[i][1], within(0.005 + 1e-9));
      assertThat(t.f1() * 100).as(t.type()).isCloseTo(conlleval[i][2], within(0.005 + 1e-9));
    }
    Report strict = Seqeval.score(gold, pred, Mode.STRICT);
    assertThat(strict.micro()).isEqualTo(
        new Average(0.7076923076923077, 0.7015250544662309, 0.7045951859956237, 459));
  }

  static void readGroundTruth(List<List<String>> gold, List<List<String>> pred) throws IOException {
    try (InputStream in = SeqevalTest.class.getResourceAsStream("conll2000-sample.txt")) {
      List<String> g = new ArrayList<>();
      List<String> p = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (line.isBlank()) {
          if (!g.isEmpty()) {
            gold.add(g);
            pred.add(p);
            g = new ArrayList<>();
            p = new ArrayList<>();
          }
        } else {
          String[] cols = line.split(" ");
          g.add(cols[2]);
          p.add(cols[3]);
        }
      }
      if (!g.isEmpty()) {
        gold.add(g);
        pred.add(p);
      }
    }
  }
}
