package sweep.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import sweep.util.Json;

/**
 * A Hugging Face {@code tokenizer.json} for a small BERT-style WordPiece vocabulary that covers the receipt
 * generator's words, for models trained from scratch (no pretrained vocabulary to fetch).
 *
 * <p>Pipeline: BertNormalizer (clean text, Chinese characters split out, accents stripped, lowercase), BertPreTokenizer
 * (split on whitespace and punctuation), WordPiece ({@code [UNK]}, prefix {@code ##}, at most 100 characters per
 * word), TemplateProcessing {@code [CLS] $A [SEP]} (pairs {@code [CLS] $A [SEP] $B:1 [SEP]:1}), WordPiece decoder; no
 * padding or truncation section. A word with a character outside the vocabulary becomes one {@code [UNK]}.
 *
 * <p>Vocabulary, in id order: {@code [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4}; every printable ASCII character
 * (0x21..0x7E) followed by its {@code ##} form; {@code 00..99} and {@code ##00..##99}; other characters of the
 * generator's words and their {@code ##} forms; the generator's {@link SyntheticReceipts#vocabulary() words},
 * normalized and split as the pipeline does, in string order; common suffix pieces; the first 3 letters and the last
 * 2 and 3 letters ({@code ##} forms) of every word of 5 letters or more, in string order, so that OCR-damaged words
 * still split into a few pieces. The same on every run.
 */
public final class DefaultTokenizer {
  /** Token ids of the special tokens. */
  public static final int PAD_ID = 0;
  public static final int UNK_ID = 1;
  public static final int CLS_ID = 2;
  public static final int SEP_ID = 3;
  public static final int MASK_ID = 4;

  /** The special tokens, by id. */
  public static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  private static final List<String> SUFFIXES = List.of(
      "##s", "##es", "##ed", "##er", "##ers", "##ing", "##ly", "##y", "##ie", "##ies", "##ion", "##tion", "##al",
      "##an", "##en", "##et", "##le", "##la", "##na", "##ta", "##st", "##th", "##ch", "##ck", "##nd", "##ng", "##rt",
      "##ry", "##ty", "##ne", "##re", "##te", "##ll", "##ss", "##oo", "##ee", "##ar", "##or", "##on", "##in", "##it",
      "##at", "##ou", "##ow", "##ut", "##om", "##um", "##al", "##el", "##il", "##ol");

  private DefaultTokenizer() {}

  private static final class Holder {
    static final List<String> VOCAB = buildVocab();
    static final String JSON = buildJson(VOCAB);
  }

  /** The vocabulary in id order (token {@code i} has id {@code i}). */
  public static List<String> vocab() {
    return Holder.VOCAB;
  }

  /** The vocabulary size. */
  public static int vocabSize() {
    return Holder.VOCAB.size();
  }

  /** The {@code tokenizer.json} text (pretty-printed, deterministic). */
  public static String json() {
    return Holder.JSON;
  }

  /**
   * Writes {@link #json()} to a file, UTF-8, replacing it.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public static void write(Path file) {
    try {
      Files.writeString(file, json(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A word as the pipeline sees it before WordPiece: lowercased, accents stripped, split on whitespace and
   * punctuation (each punctuation character its own piece). Close to BertNormalizer + BertPreTokenizer for the
   * generator's words (Latin script).
   */
  static List<String> pretokenize(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    String stripped = Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{Mn}+", "");
    List<String> pieces = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    stripped.codePoints().forEach(c -> {
      if (Character.isWhitespace(c) || isPunctuation(c)) {
        if (current.length() > 0) {
          pieces.add(current.toString());
          current.setLength(0);
        }
        if (!Character.isWhitespace(c)) {
          pieces.add(new String(Character.toChars(c)));
        }
      } else {
        current.appendCodePoint(c);
      }
    });
    if (current.length() > 0) {
      pieces.add(current.toString());
    }
    return pieces;
  }

  /** BERT's punctuation: ASCII punctuation or a Unicode punctuation category. */
  static boolean isPunctuation(int c) {
    if (c >= 0x21 && c <= 0x7E && !Character.isLetterOrDigit(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }

  private static List<String> buildVocab() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    SPECIAL_TOKENS.forEach(t -> vocab.putIfAbsent(t, vocab.size()));
    for (char c = 0x21; c <= 0x7E; c++) {
      vocab.putIfAbsent(String.valueOf(c), vocab.size());
      vocab.putIfAbsent("##" + c, vocab.size());
    }
    for (int i = 0; i < 100; i++) {
      vocab.putIfAbsent((i < 10 ? "0" : "") + i, vocab.size());
    }
    for (int i = 0; i < 100; i++) {
      vocab.putIfAbsent("##" + (i < 10 ? "0" : "") + i, vocab.size());
    }
    TreeSet<String> pieces = new TreeSet<>();
    for (String form : SyntheticReceipts.vocabulary()) {
      pieces.addAll(pretokenize(form));
    }
    TreeSet<String> chars = new TreeSet<>();
    pieces.forEach(p -> p.codePoints().forEach(c -> chars.add(new String(Character.toChars(c)))));
    for (String c : chars) {
      vocab.putIfAbsent(c, vocab.size());
      vocab.putIfAbsent("##" + c, vocab.size());
    }
    pieces.forEach(p -> vocab.putIfAbsent(p, vocab.size()));
    SUFFIXES.forEach(s -> vocab.putIfAbsent(s, vocab.size()));
    TreeSet<String> affixes = new TreeSet<>();
    for (String p : pieces) {
      if (p.length() >= 5 && p.chars().allMatch(Character::isLetter)) {
        affixes.add(p.substring(0, 3));
        affixes.add("##" + p.substring(p.length() - 3));
        affixes.add("##" + p.substring(p.length() - 2));
      }
    }
    affixes.forEach(a -> vocab.putIfAbsent(a, vocab.size()));
    return List.copyOf(vocab.keySet());
  }

  private static String buildJson(List<String> vocab) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
      added.addObject()
          .put("id", id)
          .put("content", SPECIAL_TOKENS.get(id))
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    root.putObject("normalizer")
        .put("type", "BertNormalizer")
        .put("clean_text", true)
        .put("handle_chinese_chars", true)
        .put("strip_accents", true)
        .put("lowercase", true);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    special(single, "[CLS]", 0);
    sequence(single, "A", 0);
    special(single, "[SEP]", 0);
    ArrayNode pair = post.putArray("pair");
    special(pair, "[CLS]", 0);
    sequence(pair, "A", 0);
    special(pair, "[SEP]", 0);
    sequence(pair, "B", 1);
    special(pair, "[SEP]", 1);
    ObjectNode specials = post.putObject("special_tokens");
    for (String token : List.of("[CLS]", "[SEP]")) {
      ObjectNode s = specials.putObject(token);
      s.put("id", token);
      s.putArray("ids").add(vocab.indexOf(token));
      s.putArray("tokens").add(token);
    }
    root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", "[UNK]");
    model.put("continuing_subword_prefix", "##");
    model.put("max_input_chars_per_word", 100);
    ObjectNode v = model.putObject("vocab");
    for (int id = 0; id < vocab.size(); id++) {
      v.put(vocab.get(id), id);
    }
    return Json.pretty(root);
  }

  private static void special(ArrayNode template, String id, int typeId) {
    template.addObject().putObject("SpecialToken").put("id", id).put("type_id", typeId);
  }

  private static void sequence(ArrayNode template, String id, int typeId) {
    template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
  }
}
