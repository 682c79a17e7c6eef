package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.util.Json;

class DefaultTokenizerTest {
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() throws IOException {
    tokenizer = HuggingFaceTokenizer.newInstance(
        new ByteArrayInputStream(DefaultTokenizer.json().getBytes(StandardCharsets.UTF_8)), Map.of());
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static Encoding encode(String... words) {
    return tokenizer.encode(words, true, false);
  }

  @Test
  void theJsonIsABertWordPieceTokenizer() {
    JsonNode root = Json.tree(DefaultTokenizer.json());
    assertThat(root.get("truncation").isNull()).isTrue();
    assertThat(root.get("padding").isNull()).isTrue();
    assertThat(root.at("/normalizer/type").asText()).isEqualTo("BertNormalizer");
    assertThat(root.at("/normalizer/lowercase").asBoolean()).isTrue();
    assertThat(root.at("/normalizer/strip_accents").asBoolean()).isTrue();
    assertThat(root.at("/pre_tokenizer/type").asText()).isEqualTo("BertPreTokenizer");
    assertThat(root.at("/model/type").asText()).isEqualTo("WordPiece");
    assertThat(root.at("/model/unk_token").asText()).isEqualTo("[UNK]");
    assertThat(root.at("/model/max_input_chars_per_word").asInt()).isEqualTo(100);
    assertThat(root.at("/post_processor/special_tokens/[CLS]/ids/0").asInt()).isEqualTo(DefaultTokenizer.CLS_ID);
    assertThat(root.at("/post_processor/special_tokens/[SEP]/ids/0").asInt()).isEqualTo(DefaultTokenizer.SEP_ID);
    JsonNode vocab = root.at("/model/vocab");
    assertThat(vocab.get("[PAD]").asInt()).isZero();
    assertThat(vocab.get("[UNK]").asInt()).isEqualTo(1);
    assertThat(vocab.get("[CLS]").asInt()).isEqualTo(2);
    assertThat(vocab.get("[SEP]").asInt()).isEqualTo(3);
    assertThat(vocab.get("[MASK]").asInt()).isEqualTo(4);
    assertThat(vocab.get("!").asInt()).isEqualTo(5);
    assertThat(vocab.get("##!").asInt()).isEqualTo(6);
    assertThat(vocab.size()).isEqualTo(DefaultTokenizer.vocabSize());
    for (int id = 0; id < DefaultTokenizer.vocabSize(); id++) {
      assertThat(vocab.get(DefaultTokenizer.vocab().get(id)).asInt()).isEqualTo(id);
    }
  }

  @Test
  void theVocabularyIsDeterministicAndHasNoDuplicates() {
    List<String> vocab = DefaultTokenizer.vocab();
    assertThat(new HashSet<>(vocab)).hasSameSizeAs(vocab);
    assertThat(vocab).startsWith("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    assertThat(vocab).contains("a", "##a", "7", "##7", "49", "##49", "total", "bananas", "crepe", "€", "##€");
    assertThat(DefaultTokenizer.vocabSize()).isBetween(1000, 5000);
    assertThat(DefaultTokenizer.json()).isEqualTo(DefaultTokenizer.json());
  }

  @Test
  void addsClsAndSepAndMapsSubTokensBackToTheirWords() {
    Encoding e = encode("TOTAL", "$12.49");
    assertThat(e.getTokens()).containsExactly("[CLS]", "total", "$", "12", ".", "49", "[SEP]");
    assertThat(e.getIds()[0]).isEqualTo(DefaultTokenizer.CLS_ID);
    assertThat(e.getIds()[e.getIds().length - 1]).isEqualTo(DefaultTokenizer.SEP_ID);
    assertThat(e.getWordIds()).containsExactly(-1, 0, 1, 1, 1, 1, -1);
    assertThat(e.getSpecialTokenMask()).containsExactly(1, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void unknownCharactersGiveUnk() {
    Encoding e = encode("Bananas", "☃", "a☃b", "中");
    assertThat(e.getTokens()).containsExactly("[CLS]", "bananas", "[UNK]", "[UNK]", "[UNK]", "[SEP]");
    assertThat(e.getIds()[2]).isEqualTo(DefaultTokenizer.UNK_ID);
    assertThat(e.getWordIds()).containsExactly(-1, 0, 1, 2, 3, -1);
  }

  @Test
  void accentsAreStrippedAndCaseIgnored() {
    assertThat(encode("CRÊPE", "Rückgeld", "Éclair").getTokens())
        .containsExactly("[CLS]", "crepe", "ruckgeld", "eclair", "[SEP]");
  }

  @Test
  void vocabularyWordsAreSingleTokens() {
    List<String> plain = new ArrayList<>();
    for (String form : SyntheticReceipts.vocabulary()) {
      if (form.codePoints().noneMatch(DefaultTokenizer::isPunctuation)) {
        plain.add(form);
      }
    }
    assertThat(plain).hasSizeGreaterThan(500);
    for (int from = 0; from < plain.size(); from += 100) {
      List<String> chunk = plain.subList(from, Math.min(plain.size(), from + 100)); // DJL truncates at 512 by default
      Encoding e = encode(chunk.toArray(String[]::new));
      assertThat(e.getTokens()).as("%s", chunk).hasSize(chunk.size() + 2).doesNotContain("[UNK]");
    }
  }

  @Test
  void everyGeneratedWordGivesAtLeastOneTokenAndNoUnknown() {
    for (LabeledLine line : SyntheticReceipts.generate(3, 60)) {
      Encoding e = encode(line.words().toArray(String[]::new));
      Set<Long> wordIds = new HashSet<>();
      for (long w : e.getWordIds()) {
        wordIds.add(w);
      }
      for (int i = 0; i < line.size(); i++) {
        assertThat(wordIds).as("word %s of %s", i, line.words()).contains((long) i);
      }
      assertThat(e.getTokens()).as("%s", line.words()).doesNotContain("[UNK]");
      assertThat(e.getTokens()[0]).isEqualTo("[CLS]");
    }
  }

  @Test
  void loadsFromAFileToo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    DefaultTokenizer.write(file);
    try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file)) {
      assertThat(t.encode(new String[] {"Subtotal", "9,99"}, true, false).getTokens())
          .containsExactly("[CLS]", "subtotal", "9", ",", "99", "[SEP]");
    }
  }
}
