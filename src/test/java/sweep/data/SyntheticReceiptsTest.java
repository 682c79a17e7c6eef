package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticReceiptsTest {
  private static final List<LabeledLine> NOISY = SyntheticReceipts.generate(42, 300);
  private static final List<LabeledLine> CLEAN = SyntheticReceipts.generate(42, 300, false);

  private static Map<String, List<LabeledLine>> byDocument(List<LabeledLine> lines) {
    return lines.stream()
        .collect(Collectors.groupingBy(LabeledLine::documentId, LinkedHashMap::new, Collectors.toList()));
  }

  @Test
  void sameSeedSameLinesOtherSeedOtherLines() {
    assertThat(SyntheticReceipts.generate(42, 300)).isEqualTo(NOISY);
    assertThat(SyntheticReceipts.generate(43, 300)).isNotEqualTo(NOISY);
    List<LabeledLine> few = SyntheticReceipts.generate(42, 10);
    assertThat(NOISY.subList(0, few.size())).as("receipt i does not depend on the count").isEqualTo(few);
    assertThat(SyntheticReceipts.generate(42, 0)).isEmpty();
    assertThatThrownBy(() -> SyntheticReceipts.generate(42, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameOnEveryMachine() {
    // Pinned: SplittableRandom and StrictMath only. A deliberate change to the generator changes this value (and
    // the data of every synthetic sweep): update it then, and only then.
    assertThat(DataHash.of(SyntheticReceipts.generate(7, 50))).isEqualTo(PINNED_HASH);
  }

  static final String PINNED_HASH = "2fdb27ec03a03760ce04f4b3ea75dbf5ad34072125796f54cd0f0cad9714e268";

  @Test
  void idsNameTheReceiptAndTheLineTopToBottom() {
    Map<String, List<LabeledLine>> docs = byDocument(NOISY);
    assertThat(docs).hasSize(300);
    assertThat(docs.keySet()).contains(SyntheticReceipts.documentId(42, 0), SyntheticReceipts.documentId(42, 299));
    assertThat(SyntheticReceipts.documentId(42, 7)).isEqualTo("synth-2a-00007");
    for (List<LabeledLine> receipt : byDocument(CLEAN).values()) {
      for (int i = 0; i < receipt.size(); i++) {
        assertThat(receipt.get(i).lineId()).isEqualTo(String.format("%03d", i));
        if (i > 0) {
          assertThat(receipt.get(i).boxes().get(0).y0()).isGreaterThan(receipt.get(i - 1).boxes().get(0).y0());
        }
      }
    }
  }

  @Test
  void everyGeneratedRowPassesValidationWithTheGeneratorsLabelSet() {
    LineValidator validator = new LineValidator(FieldNames.DEFAULT, Set.copyOf(SyntheticReceipts.labels()));
    for (List<LabeledLine> lines : List.of(NOISY, CLEAN)) {
      LoadedLines checked = validator.filter(lines, BadRowPolicy.SKIP);
      assertThat(checked.badRows().summary()).isEqualTo("no bad rows");
    }
  }

  @Test
  void everyEntityTypeOccursAndTheLabelSetIsTheDocumentedOne() {
    assertThat(SyntheticReceipts.entityTypes())
        .containsExactly("ADDRESS", "DATE", "ITEM", "MERCHANT", "PRICE", "SUBTOTAL", "TAX", "TOTAL");
    assertThat(SyntheticReceipts.labels()).hasSize(17).startsWith("O", "B-ADDRESS", "I-ADDRESS");
    Set<String> seen = NOISY.stream().flatMap(l -> l.labels().stream()).collect(Collectors.toSet());
    for (String type : SyntheticReceipts.entityTypes()) {
      assertThat(seen).contains("B-" + type);
    }
    assertThat(seen).contains("O", "I-ADDRESS", "I-DATE", "I-ITEM", "I-MERCHANT", "I-PRICE");
    assertThat(SyntheticReceipts.labels()).containsAll(seen);
    assertThat(Labels.infer(NOISY)).isEqualTo(SyntheticReceipts.labels().stream()
        .filter(l -> Labels.infer(NOISY).contains(l)).toList());
  }

  @Test
  void bioStructureIsValid() {
    for (LabeledLine line : NOISY) {
      String previous = "O";
      for (String tag : line.labels()) {
        if (Labels.isInside(tag)) {
          String type = tag.substring(2);
          assertThat(previous).as("%s in %s", tag, line).isIn("B-" + type, "I-" + type);
        }
        previous = tag;
      }
    }
  }

  @Test
  void eachReceiptHasOneMerchantOnTopOneDateOneTotalAndItems() {
    for (List<LabeledLine> receipt : byDocument(NOISY).values()) {
      Map<String, Integer> begins = new TreeMap<>();
      receipt.forEach(l -> l.labels().stream().filter(Labels::isBegin).forEach(t -> begins.merge(t, 1, Integer::sum)));
      assertThat(receipt.get(0).labels().get(0)).isEqualTo("B-MERCHANT");
      assertThat(begins.get("B-MERCHANT")).isEqualTo(1);
      assertThat(begins.get("B-DATE")).isEqualTo(1);
      assertThat(begins.get("B-TOTAL")).isEqualTo(1);
      assertThat(begins.get("B-ITEM")).isBetween(1, 14);
      assertThat(begins.get("B-PRICE")).isEqualTo(begins.get("B-ITEM"));
      assertThat(begins.getOrDefault("B-SUBTOTAL", 0)).isLessThanOrEqualTo(1);
      assertThat(begins.getOrDefault("B-TAX", 0)).isLessThanOrEqualTo(1);
    }
  }

  /** Parses an amount as printed: currency symbol attached or not, decimal point or comma. */
  private static BigDecimal amount(String word) {
    return new BigDecimal(word.replaceAll("[^0-9,.\\-]", "").replace(',', '.'));
  }

  private static BigDecimal sum(List<LabeledLine> receipt, String tag) {
    BigDecimal sum = BigDecimal.ZERO;
    for (LabeledLine l : receipt) {
      for (int i = 0; i < l.size(); i++) {
        if (l.labels().get(i).equals(tag)) {
          sum = sum.add(amount(l.words().get(i)));
        }
      }
    }
    return sum;
  }

  @Test
  void amountsAddUp() {
    for (List<LabeledLine> receipt : byDocument(CLEAN).values()) {
      BigDecimal discounts = BigDecimal.ZERO;
      for (LabeledLine l : receipt) {
        for (String w : l.words()) {
          if (w.matches("-\\D?\\d+[.,]\\d\\d")) {
            discounts = discounts.add(amount(w));
          }
        }
      }
      BigDecimal items = sum(receipt, "B-PRICE").add(discounts);
      BigDecimal tax = sum(receipt, "B-TAX");
      BigDecimal total = sum(receipt, "B-TOTAL");
      assertThat(total).as("total of %s", receipt.get(0).documentId()).isEqualByComparingTo(items.add(tax));
      boolean hasSubtotal = receipt.stream().anyMatch(l -> l.labels().contains("B-SUBTOTAL"));
      if (hasSubtotal) {
        assertThat(sum(receipt, "B-SUBTOTAL")).isEqualByComparingTo(items);
      }
    }
  }

  /**
   * What makes the data learnable line by line: on a line with a SUBTOTAL, TAX or TOTAL amount, the line's other
   * words (numbers aside) name the type, and no such keyword set belongs to two types or to a line without one.
   */
  @Test
  void anAmountsTypeFollowsFromTheKeywordsOnItsLine() {
    Map<String, Set<String>> typesByKeywords = new HashMap<>();
    for (LabeledLine l : CLEAN) {
      List<String> keywords = new ArrayList<>();
      String type = "none";
      for (int i = 0; i < l.size(); i++) {
        String tag = l.labels().get(i);
        if (tag.equals("B-SUBTOTAL") || tag.equals("B-TAX") || tag.equals("B-TOTAL")) {
          type = tag.substring(2);
        } else if (tag.equals("O") && !l.words().get(i).matches(".*\\d.*")) {
          keywords.add(l.words().get(i).toLowerCase(java.util.Locale.ROOT));
        }
      }
      keywords.removeAll(List.of("$", "€", "£", "eur", "cad", "chf", "usd"));
      if (keywords.isEmpty()) {
        continue;
      }
      typesByKeywords.computeIfAbsent(String.join(" ", keywords), k -> new TreeSet<>()).add(type);
    }
    Map<String, Set<String>> ambiguous = new TreeMap<>();
    typesByKeywords.forEach((k, types) -> {
      if (types.size() > 1) {
        ambiguous.put(k, types);
      }
    });
    assertThat(ambiguous).isEmpty();
    assertThat(typesByKeywords).containsKeys("subtotal", "total");
  }

  @Test
  void layoutsVary() {
    Set<Integer> lefts = new TreeSet<>();
    Set<Integer> heights = new TreeSet<>();
    Set<Integer> priceRights = new TreeSet<>();
    for (List<LabeledLine> receipt : byDocument(CLEAN).values()) {
      lefts.add(receipt.get(2).boxes().get(0).x0() / 10);
      heights.add(receipt.get(2).boxes().get(0).height());
      for (LabeledLine l : receipt) {
        int i = l.labels().indexOf("B-PRICE");
        if (i >= 0) {
          priceRights.add(l.boxes().get(i).x1() / 10);
        }
      }
    }
    assertThat(lefts.size()).isGreaterThan(15);
    assertThat(heights.size()).isGreaterThan(8);
    assertThat(priceRights.size()).isGreaterThan(20);
  }

  @Test
  void ocrNoiseDamagesAFewPercentOfWords() {
    Map<String, List<LabeledLine>> clean = byDocument(CLEAN);
    Map<String, List<LabeledLine>> noisy = byDocument(NOISY);
    int words = 0;
    int damaged = 0;
    int splits = 0;
    int swaps = 0;
    for (String doc : clean.keySet()) {
      List<LabeledLine> c = clean.get(doc);
      List<LabeledLine> n = noisy.get(doc);
      assertThat(n).hasSameSizeAs(c);
      for (int i = 0; i < c.size(); i++) {
        LabeledLine a = c.get(i);
        LabeledLine b = n.get(i);
        words += a.size();
        splits += b.size() - a.size();
        Map<String, Integer> pairs = new HashMap<>();
        for (int k = 0; k < a.size(); k++) {
          pairs.merge(a.words().get(k) + a.boxes().get(k), 1, Integer::sum);
        }
        for (int k = 0; k < b.size(); k++) {
          String key = b.words().get(k) + b.boxes().get(k);
          if (pairs.getOrDefault(key, 0) > 0) {
            pairs.merge(key, -1, Integer::sum);
          } else {
            damaged++;
          }
          String w = b.words().get(k);
          if (!a.words().contains(w) && a.words().stream().anyMatch(x -> x.length() == w.length() && oneSwap(x, w))) {
            swaps++;
          }
        }
      }
    }
    double rate = (damaged - splits) / (double) words;
    assertThat(rate).isBetween(0.015, 0.06);
    assertThat(splits).isGreaterThan(0);
    assertThat(swaps).isGreaterThan(0);
  }

  private static boolean oneSwap(String a, String b) {
    int diff = 0;
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        diff++;
        if (!("O0".indexOf(x) >= 0 && "O0".indexOf(y) >= 0 || x == 'o' && y == '0' || "l1".indexOf(x) >= 0
            && "l1".indexOf(y) >= 0 || "S5".indexOf(x) >= 0 && "S5".indexOf(y) >= 0)) {
          return false;
        }
      }
    }
    return diff == 1;
  }

  @Test
  void theVocabularyHoldsEveryWordFormButNumbers() {
    Set<String> vocabulary = SyntheticReceipts.vocabulary();
    assertThat(vocabulary).hasSizeGreaterThan(500)
        .contains("TOTAL", "Total", "Bananas", "BANANAS", "Crêpe", "Rückgeld");
    assertThat(Lexicon.ITEM_NOUNS.size() + Lexicon.ITEM_ADJECTIVES.size() + Lexicon.BRANDS.size()).isGreaterThan(300);
    assertThat(Lexicon.MERCHANTS.size()).isGreaterThan(36);
    Set<String> missing = new TreeSet<>();
    for (LabeledLine l : SyntheticReceipts.generate(5, 1000, false)) {
      for (String w : l.words()) {
        if (vocabulary.contains(w)) {
          continue;
        }
        // Numbers with an AM/PM, an "x" (quantity) or a month name (14-Mar-2024) attached are numbers too.
        String rest = w.replaceAll("\\d", "")
            .replaceAll("AM|PM|x|(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", "");
        boolean numeric = w.matches(".*\\d.*") && rest.chars().noneMatch(Character::isLetter);
        if (!numeric) {
          missing.add(w);
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
