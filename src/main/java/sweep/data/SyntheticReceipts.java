package sweep.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generated receipts for training and tests, with no data to fetch. Each receipt is a list of {@link LabeledLine}s
 * (one per printed line, ids {@code 000}, {@code 001}, ... top to bottom) in a document {@link #documentId}.
 *
 * <p><b>Content.</b> A merchant name (B-MERCHANT I-MERCHANT..., larger font), an address (ADDRESS: street line and
 * usually a city line), often a phone line, a date (DATE, one word or three like {@code Mar 14, 2024}) usually with a
 * time (O), item lines (item words ITEM, the line's amount PRICE; sometimes a SKU code, a quantity, a unit price after
 * {@code @}, a tax flag: all O), sometimes a discount line (O), subtotal, tax and total lines whose keyword is O and
 * whose amount is SUBTOTAL, TAX, TOTAL (a tax rate like {@code 8.25%} is O), payment lines (card, cash, change: O,
 * amounts included) and thank-you lines (O). Eight countries vary the language (English, German, French keywords),
 * currency ($, £, €, CHF; attached, separate word or none), decimal separator, date formats, 12/24-hour clock, taxes
 * and address forms. Amounts are consistent: subtotal = sum of items (less discounts), total = subtotal + tax.
 *
 * <p><b>Layout.</b> Page offset, receipt width, font size (box height), line spacing, centered or left text, and
 * amounts right-aligned or in a price column vary per receipt; boxes are in 0..1000 with {@code x0 <= x1},
 * {@code y0 <= y1}.
 *
 * <p><b>Noise.</b> With OCR noise on, 2% to 5% of words (rate per receipt) get a look-alike swap (O/0, l/1, S/5), a
 * dropped or doubled character, a split into two words with the box split (second half I-X), or a jittered box.
 *
 * <p><b>Determinism.</b> Only {@link java.util.SplittableRandom} streams seeded from {@code (seed, receipt index)}
 * and {@link StrictMath}: the same seed and count give equal lines on any machine, and receipt {@code i} does not
 * depend on how many receipts are asked for (a smaller count gives a prefix). Each line is learnable on its own: an
 * amount's type follows from the words on its line and its position.
 */
public final class SyntheticReceipts {
  private SyntheticReceipts() {}

  /** Receipts with OCR noise; see the class description. */
  public static List<LabeledLine> generate(long seed, int receipts) {
    return generate(seed, receipts, true);
  }

  /**
   * Receipts with or without OCR noise. Turning noise off changes nothing else: the same receipts, words and
   * layout, undamaged.
   *
   * @param receipts how many receipts, at least 0
   * @return all lines, receipt by receipt, top to bottom
   */
  public static List<LabeledLine> generate(long seed, int receipts, boolean ocrNoise) {
    if (receipts < 0) {
      throw new IllegalArgumentException("receipts must be at least 0, got " + receipts);
    }
    List<LabeledLine> out = new ArrayList<>();
    for (int i = 0; i < receipts; i++) {
      long receiptSeed = Dice.mix(seed, i);
      List<DraftLine> drafts = new ReceiptComposer(new Dice(Dice.mix(receiptSeed, 0))).compose();
      List<LabeledLine> lines =
          new ReceiptLayout(new Dice(Dice.mix(receiptSeed, 1))).place(documentId(seed, i), drafts);
      if (ocrNoise) {
        lines = new OcrNoise(new Dice(Dice.mix(receiptSeed, 2))).apply(lines);
      }
      out.addAll(lines);
    }
    return List.copyOf(out);
  }

  /** The document id of receipt {@code index}: {@code synth-<seed, hex>-<index, 5 digits>} ({@code synth-2a-00012}). */
  public static String documentId(long seed, int index) {
    return String.format(Locale.ROOT, "synth-%x-%05d", seed, index);
  }

  /** The entity types the generator tags: ADDRESS, DATE, ITEM, MERCHANT, PRICE, SUBTOTAL, TAX, TOTAL. */
  public static List<String> entityTypes() {
    return ReceiptComposer.ENTITY_TYPES;
  }

  /**
   * The generator's label set in canonical order ({@link Labels#forTypes}): O, then B- and I- of each entity type,
   * 17 labels. Every label can occur (I-PRICE, I-SUBTOTAL, I-TAX, I-TOTAL only from split words, so rarely).
   */
  public static List<String> labels() {
    return Labels.forTypes(entityTypes());
  }

  /**
   * Every word form the generator can write before noise, except those made of random numbers (amounts, dates,
   * times, quantities, SKU, phone, card and street numbers), which consist of digits and punctuation. Forms are as
   * written, in both the natural and the upper case (receipts may be all capitals). Sorted.
   */
  public static Set<String> vocabulary() {
    TreeSet<String> forms = new TreeSet<>();
    List<Collection<String>> lists = new ArrayList<>();
    lists.add(Lexicon.ITEM_NOUNS);
    lists.add(Lexicon.ITEM_ADJECTIVES);
    lists.add(Lexicon.BRANDS);
    lists.add(Lexicon.SIZES);
    lists.add(Lexicon.STREET_NAMES);
    lists.add(Lexicon.STREET_SUFFIXES);
    lists.add(Lexicon.DIRECTIONS);
    lists.add(Lexicon.UNIT_WORDS);
    lists.add(Lexicon.MONTHS);
    lists.add(Lexicon.WEEKDAYS);
    lists.add(Lexicon.TAX_FLAGS);
    lists.add(Lexicon.SEPARATORS);
    lists.add(Lexicon.CASHIERS);
    lists.add(Country.GERMAN_STREETS);
    lists.add(ReceiptComposer.EXTRA_WORDS);
    List<List<String>> phrases = new ArrayList<>();
    phrases.addAll(Lexicon.MERCHANTS);
    phrases.addAll(Lexicon.TAGLINES);
    phrases.addAll(Lexicon.PHONE_KEYWORDS);
    phrases.addAll(Lexicon.CARD_DETAIL_KEYWORDS);
    phrases.addAll(Lexicon.TRANSACTION_KEYWORDS);
    phrases.addAll(Country.FRENCH_STREETS);
    for (Language lang : List.of(Language.ENGLISH, Language.GERMAN, Language.FRENCH)) {
      phrases.addAll(lang.allPhrases());
    }
    List<String> commaForms = new ArrayList<>();
    for (String suffix : Lexicon.STREET_SUFFIXES) {
      commaForms.add(suffix + ",");
    }
    for (List<String> street : Country.FRENCH_STREETS) {
      commaForms.add(street.get(street.size() - 1) + ",");
    }
    lists.add(commaForms);
    for (Country country : Country.values()) {
      phrases.addAll(country.cityLines);
      List<String> words = new ArrayList<>(List.of(country.currencyCode, country.currencySymbol));
      for (Country.Tax tax : country.taxes) {
        phrases.add(tax.keyword());
        words.add(country.rateText(tax));
      }
      lists.add(words);
    }
    phrases.forEach(lists::add);
    for (Collection<String> list : lists) {
      for (String w : list) {
        forms.add(w);
        forms.add(ReceiptComposer.up(w));
      }
    }
    return java.util.Collections.unmodifiableSortedSet(forms);
  }
}
