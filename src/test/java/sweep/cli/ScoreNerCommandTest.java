package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.testing.Cli;
import sweep.util.Json;

/** {@code sweep score ner}, in-process, on files written to a temporary directory. */
class ScoreNerCommandTest {
  @TempDir Path dir;

  private String write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file.toString();
  }

  // seqeval's classification_report docstring example, as CoNLL files (word, POS, tag; a DOCSTART header).
  private static final String GOLD = """
      -DOCSTART- -X- O

      a DT O
      b NN O
      c NN O
      d NNP B-MISC
      e NNP I-MISC
      f NNP I-MISC
      g . O

      h NNP B-PER
      i NNP I-PER
      j . O
      """;
  private static final String PRED = """
      a O
      b O
      c B-MISC
      d I-MISC
      e I-MISC
      f I-MISC
      g O

      h B-PER
      i I-PER
      j O
      """;

  private static void assertBadInput(Cli.Result r, String message) {
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("sweep: " + message + "\n");
  }

  @Test
  void printsSeqevalsReport() throws Exception {
    Cli.Result r = Cli.run("score", "ner", write("gold.txt", GOLD), write("pred.txt", PRED));
    assertThat(r.code()).as(r.toString()).isZero();
    // seqeval: MISC 0 0 0 support 1, PER 1 1 1 support 1, every average 0.5 with support 2 (digits=4 here).
    assertThat(r.out()).isEqualTo("""
                      precision    recall  f1-score   support

                MISC     0.0000    0.0000    0.0000         1
                 PER     1.0000    1.0000    1.0000         1

           micro avg     0.5000    0.5000    0.5000         2
           macro avg     0.5000    0.5000    0.5000         2
        weighted avg     0.5000    0.5000    0.5000         2
        """);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void json() throws Exception {
    String gold = write("gold.txt", GOLD);
    String pred = write("pred.txt", PRED);
    Cli.Result r = Cli.run("score", "ner", gold, pred, "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = Json.tree(r.out());
    assertThat(j.get("mode").asText()).isEqualTo("default");
    assertThat(j.get("gold").asText()).isEqualTo(gold);
    assertThat(j.get("pred").asText()).isEqualTo(pred);
    assertThat(j.get("types").size()).isEqualTo(2);
    assertThat(j.at("/types/MISC/f1").asDouble()).isEqualTo(0.0);
    assertThat(j.at("/types/MISC/support").asInt()).isEqualTo(1);
    assertThat(j.at("/types/PER/precision").asDouble()).isEqualTo(1.0);
    for (String avg : new String[] {"micro", "macro", "weighted"}) {
      assertThat(j.at("/" + avg + "/precision").asDouble()).as(avg).isEqualTo(0.5);
      assertThat(j.at("/" + avg + "/recall").asDouble()).as(avg).isEqualTo(0.5);
      assertThat(j.at("/" + avg + "/f1").asDouble()).as(avg).isEqualTo(0.5);
      assertThat(j.at("/" + avg + "/support").isIntegralNumber()).as(avg).isTrue();
      assertThat(j.at("/" + avg + "/support").asInt()).as(avg).isEqualTo(2);
    }
  }

  @Test
  void strictModeDiffersWhereIob2Does() throws Exception {
    // test_metrics.py: gold B-ORG I-ORG, pred I-ORG I-ORG: f1 1 by default, 0 in strict mode.
    String gold = write("gold.txt", "x B-ORG\ny I-ORG\n");
    String pred = write("pred.txt", "x I-ORG\ny I-ORG\n");
    Cli.Result conll = Cli.run("score", "ner", gold, pred, "--json");
    assertThat(Json.tree(conll.out()).at("/micro/f1").asDouble()).as(conll.toString()).isEqualTo(1.0);
    Cli.Result strict = Cli.run("score", "ner", gold, pred, "--mode", "strict", "--json");
    assertThat(strict.code()).as(strict.toString()).isZero();
    assertThat(Json.tree(strict.out()).at("/micro/f1").asDouble()).isEqualTo(0.0);
    assertThat(Json.tree(strict.out()).get("mode").asText()).isEqualTo("strict");
    assertThat(Cli.run("score", "ner", gold, pred, "--mode", "STRICT").code()).isZero();
  }

  @Test
  void conll2000SampleMatchesSeqevalsPrintedReport() throws Exception {
    // seqeval's tests/data/ground_truth.txt split into a gold file (word POS gold) and a pred file (word POS pred).
    StringBuilder gold = new StringBuilder();
    StringBuilder pred = new StringBuilder();
    try (InputStream in = getClass().getResourceAsStream("/sweep/metrics/conll2000-sample.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        String[] c = line.split(" ");
        gold.append(line.isEmpty() ? "" : c[0] + " " + c[1] + " " + c[2]).append('\n');
        pred.append(line.isEmpty() ? "" : c[0] + " " + c[1] + " " + c[3]).append('\n');
      }
    }
    Cli.Result r = Cli.run("score", "ner", write("g.txt", gold.toString()), write("p.txt", pred.toString()));
    assertThat(r.code()).as(r.toString()).isZero();
    // Printed by seqeval 1.2.2's classification_report(y_true, y_pred, digits=4) on that file; its per-type
    // precision, recall and F1 agree with conlleval.pl's (see SeqevalTest).
    assertThat(r.out()).isEqualTo("""
                      precision    recall  f1-score   support

                ADJP     0.0000    0.0000    0.0000         6
                ADVP     0.4545    0.6250    0.5263         8
                  NP     0.6498    0.7863    0.7116       262
                  PP     0.8318    0.9889    0.9036        90
                SBAR     0.6667    0.3333    0.4444         6
                  VP     0.6900    0.7931    0.7380        87

           micro avg     0.6883    0.8083    0.7435       459
           macro avg     0.5488    0.5878    0.5540       459
        weighted avg     0.6814    0.8083    0.7382       459
        """);
  }

  @Test
  void missingFiles() throws Exception {
    String pred = write("pred.txt", PRED);
    String missing = dir.resolve("nope.txt").toString();
    assertBadInput(Cli.run("score", "ner", missing, pred), missing + ": no such file");
    assertBadInput(Cli.run("score", "ner", pred, missing), missing + ": no such file");
    assertBadInput(Cli.run("score", "ner", dir.toString(), pred), dir + ": cannot read: it is a directory");
  }

  @Test
  void lineWithNoColumns() throws Exception {
    String gold = write("gold.txt", "a B-PER\n   \nb O\n");
    assertBadInput(Cli.run("score", "ner", gold, write("pred.txt", "a B-PER\n\nb O\n")),
        gold + ":2: a line with no columns (only whitespace); sequences are separated by an empty line");
  }

  @Test
  void differentTokenCounts() throws Exception {
    String gold = write("gold.txt", "a O\n\nb B-PER\nc I-PER\nd O\n");
    String pred = write("pred.txt", "a O\n\nb B-PER\nc I-PER\n\nd O\n");
    assertBadInput(Cli.run("score", "ner", gold, pred),
        "sequence 2 has 3 tokens in " + gold + ":3-5 but 2 in " + pred + ":3-4");
  }

  @Test
  void differentSequenceCounts() throws Exception {
    String gold = write("gold.txt", "a O\n\nb B-PER\n\n\nc O\nd O\n");
    String pred = write("pred.txt", "a O\n\nb B-PER\n");
    assertBadInput(Cli.run("score", "ner", gold, pred), gold + " has 3 sequences but " + pred + " has 2: sequence 3"
        + " is at " + gold + ":6-7, after the end of " + pred + " (line 3)");
    assertBadInput(Cli.run("score", "ner", pred, gold), pred + " has 2 sequences but " + gold + " has 3: sequence 3"
        + " is at " + gold + ":6-7, after the end of " + pred + " (line 3)");
  }

  @Test
  void strictModeRejectsTagsThatAreNotIob2AsSeqevalDoes() throws Exception {
    String gold = write("gold.txt", "a B-PER\nb I-PER\n\nc O\n");
    String iobes = write("iobes.txt", "a B-PER\nb E-PER\n\nc O\n");
    String bare = write("bare.txt", "a PER\nb PER\n\nc O\n");
    assertBadInput(Cli.run("score", "ner", gold, iobes, "--mode", "strict"), iobes + ":2: tag 'E-PER' has prefix E,"
        + " which IOB2 does not allow (allowed: B, I, O); seqeval's strict mode raises on it too"
        + " (--mode default reads any tag)");
    assertBadInput(Cli.run("score", "ner", bare, gold, "--mode", "strict"), bare + ":1: tag 'PER' does not start"
        + " with B, I or O, so it is not an IOB2 tag; seqeval's strict mode raises on it too"
        + " (--mode default reads any tag)");
    // The default mode reads both, as seqeval does (B-PER E-PER is one PER entity, 'PER' is type 'ER').
    Cli.Result r = Cli.run("score", "ner", gold, iobes, "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Json.tree(r.out()).at("/micro/f1").asDouble()).isEqualTo(1.0);
    Cli.Result b = Cli.run("score", "ner", bare, gold, "--json");
    assertThat(Json.tree(b.out()).at("/types/ER/support").asInt()).as(b.toString()).isEqualTo(1);
  }

  @Test
  void notUtf8() throws Exception {
    Path bin = dir.resolve("bin.txt");
    Files.write(bin, new byte[] {'a', ' ', 'O', '\n', (byte) 0xFF, ' ', 'O', '\n'});
    assertBadInput(Cli.run("score", "ner", bin.toString(), write("pred.txt", "a O\nb O\n")), bin + ":2: not UTF-8 text");
  }

  @Test
  void badModeAndMissingSubcommandAreUsageErrors() throws Exception {
    String gold = write("gold.txt", GOLD);
    Cli.Result mode = Cli.run("score", "ner", gold, gold, "--mode", "lenient");
    assertThat(mode.code()).as(mode.toString()).isEqualTo(2);
    assertThat(mode.err()).contains("--mode").contains("expected default or strict, got 'lenient'");
    Cli.Result bare = Cli.run("score");
    assertThat(bare.code()).as(bare.toString()).isEqualTo(2);
    assertThat(bare.err()).contains("Missing required subcommand");
    Cli.Result one = Cli.run("score", "ner", gold);
    assertThat(one.code()).as(one.toString()).isEqualTo(2);
  }

  @Test
  void help() {
    Cli.Result r = Cli.run("score", "ner", "--help");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Usage: sweep score ner").contains("--mode=default|strict");
    Cli.Result group = Cli.run("score", "--help");
    assertThat(group.code()).as(group.toString()).isZero();
    assertThat(group.out()).contains("ner");
  }

  @Test
  void emptyFilesScoreZero() throws Exception {
    String empty = write("empty.txt", "");
    Cli.Result r = Cli.run("score", "ner", empty, empty, "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = Json.tree(r.out());
    assertThat(j.get("types").size()).isZero();
    assertThat(j.at("/macro/f1").asDouble()).isEqualTo(0.0);
    assertThat(j.at("/micro/support").asInt()).isZero();
  }
}
