package sweep.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sweep.data.Country.CurrencyStyle;
import sweep.data.Country.DateStyle;
import sweep.data.DraftLine.Kind;
import sweep.data.DraftLine.Token;

/**
 * Writes the content of one receipt, top to bottom, with BIO tags: merchant, address, phone, date and time, items,
 * subtotal, tax, total, payment, footer. Every amount's type follows from a keyword on its own line (or, for item
 * prices, from being the amount of an item line), so one line is enough to tag it.
 */
final class ReceiptComposer {
  static final String MERCHANT = "MERCHANT";
  static final String ADDRESS = "ADDRESS";
  static final String DATE = "DATE";
  static final String ITEM = "ITEM";
  static final String PRICE = "PRICE";
  static final String SUBTOTAL = "SUBTOTAL";
  static final String TAX = "TAX";
  static final String TOTAL = "TOTAL";

  /** The entity types the generator tags, in label order. */
  static final List<String> ENTITY_TYPES = List.of(ADDRESS, DATE, ITEM, MERCHANT, PRICE, SUBTOTAL, TAX, TOTAL);

  /** Fixed words the composer writes that are in no list of {@link Lexicon}, {@link Language} or {@link Country}. */
  static final List<String> EXTRA_WORDS = List.of("AM", "PM", "x", "@", "Kasse");

  private enum QtyStyle { NONE, NUMBER, NUMBER_X, AT_UNIT }

  private final Dice dice;
  private final Country country;
  private final Language lang;
  private final boolean upper;
  private final boolean headerUpper;
  private final CurrencyStyle currency;
  private final boolean currencyOnItems;
  private final boolean currencyOnTotals;
  private final QtyStyle qtyStyle;
  private final boolean qtyAlways;
  private final boolean skuCodes;
  private final boolean taxFlags;
  private final List<DraftLine> lines = new ArrayList<>();

  ReceiptComposer(Dice dice) {
    this.dice = dice;
    this.country = dice.pick(List.of(Country.values()));
    this.lang = country.language;
    this.upper = dice.chance(0.4);
    this.headerUpper = upper || dice.chance(0.5);
    this.currency = dice.pick(country.currencyStyles);
    this.currencyOnItems = currency != CurrencyStyle.NONE && dice.chance(0.5);
    this.currencyOnTotals = currency != CurrencyStyle.NONE && (currencyOnItems || dice.chance(0.7));
    this.qtyStyle = dice.pick(List.of(QtyStyle.values()));
    this.qtyAlways = (qtyStyle == QtyStyle.NUMBER || qtyStyle == QtyStyle.NUMBER_X) && dice.chance(0.4);
    this.skuCodes = dice.chance(0.2);
    this.taxFlags = dice.chance(0.3);
  }

  /** The receipt's lines, top to bottom. */
  List<DraftLine> compose() {
    merchant();
    boolean dateAtBottom = dice.chance(0.2);
    if (dice.chance(0.9)) {
      address();
    }
    if (dice.chance(0.6)) {
      phone();
    }
    if (!dateAtBottom) {
      dateLine(0.4);
    }
    if (dice.chance(0.5)) {
      transactionLine();
    }
    long subtotal = items();
    totals(subtotal);
    if (dateAtBottom) {
      dateLine(0.5);
    }
    footer();
    return List.copyOf(lines);
  }

  // ---- sections ------------------------------------------------------------------------------------------------

  private void merchant() {
    List<String> name = dice.pick(Lexicon.MERCHANTS);
    List<Token> tokens = new ArrayList<>();
    for (int i = 0; i < name.size(); i++) {
      tokens.add(new Token(headerUpper ? up(name.get(i)) : name.get(i), (i == 0 ? "B-" : "I-") + MERCHANT));
    }
    add(Kind.HEADER, tokens, List.of(), 0);
    if (dice.chance(0.15)) {
      text(outside(dice.pick(Lexicon.TAGLINES)), 0);
    }
    if (dice.chance(0.15)) {
      text(List.of(o(c("Store")), o("#" + digits(4))), 0);
    }
  }

  private void address() {
    List<String> street = streetWords();
    List<String> city = dice.pick(country.cityLines).stream().map(this::c).toList();
    if (dice.chance(0.15)) {
      List<String> both = new ArrayList<>(street);
      both.set(both.size() - 1, both.get(both.size() - 1) + ",");
      both.addAll(city);
      text(entity(both, ADDRESS), 0.2);
    } else {
      text(entity(street, ADDRESS), 0.2);
      if (dice.chance(0.85)) {
        text(entity(city, ADDRESS), 0);
      }
    }
  }

  private List<String> streetWords() {
    List<String> w = new ArrayList<>();
    String number = Integer.toString(dice.between(1, 9999));
    switch (country.streetStyle) {
      case NUMBER_FIRST -> {
        w.add(number);
        if (dice.chance(0.2)) {
          w.add(dice.pick(Lexicon.DIRECTIONS));
        }
        w.add(dice.pick(Lexicon.STREET_NAMES));
        w.add(dice.pick(Lexicon.STREET_SUFFIXES));
        if (dice.chance(0.15)) {
          w.add(dice.pick(Lexicon.UNIT_WORDS));
          w.add(Integer.toString(dice.between(1, 400)));
        }
      }
      case NAME_FIRST -> {
        w.add(dice.pick(Country.GERMAN_STREETS));
        w.add(Integer.toString(dice.between(1, 150)));
      }
      case FRENCH -> {
        w.add(Integer.toString(dice.between(1, 150)));
        w.addAll(dice.pick(Country.FRENCH_STREETS));
      }
    }
    return w.stream().map(this::c).toList();
  }

  private void phone() {
    List<Token> t = new ArrayList<>(outside(dice.pick(Lexicon.PHONE_KEYWORDS)));
    switch (country) {
      case US, CA -> {
        if (dice.chance(0.5)) {
          t.add(o("(" + dice.between(201, 989) + ")"));
          t.add(o(dice.between(200, 999) + "-" + digits(4)));
        } else {
          t.add(o(dice.between(201, 989) + "-" + dice.between(200, 999) + "-" + digits(4)));
        }
      }
      case UK, IE, AU -> {
        t.add(o("0" + digits(2)));
        t.add(o(digits(4)));
        t.add(o(digits(4)));
      }
      default -> {
        t.add(o("0" + digits(dice.between(2, 3))));
        t.add(o(digits(dice.between(6, 7))));
      }
    }
    text(t, 0);
  }

  /** A date (B-DATE ...), usually with a time (O), in one of several forms. */
  private void dateLine(double gap) {
    int year = dice.between(2019, 2025);
    int month = dice.between(1, 12);
    int day = dice.between(1, 28);
    List<Token> date = entity(dateWords(dice.pick(country.dateStyles), year, month, day), DATE);
    List<Token> time = timeWords();
    List<Token> t = new ArrayList<>();
    switch (dice.below(5)) {
      case 0 -> {
        t.addAll(outside(dice.pick(lang.dateKeywords())));
        t.addAll(date);
        t.addAll(outside(dice.pick(lang.timeKeywords())));
        t.addAll(time);
      }
      case 1 -> {
        t.addAll(date);
        t.addAll(time);
      }
      case 2 -> {
        t.add(o(c(Lexicon.WEEKDAYS.get(dice.below(7)))));
        t.addAll(date);
        t.addAll(time);
      }
      case 3 -> {
        t.addAll(outside(dice.pick(lang.dateKeywords())));
        t.addAll(date);
      }
      default -> {
        t.addAll(outside(List.of(lang == Language.ENGLISH ? "Reg" : "Kasse")));
        t.add(o(digits(2)));
        t.addAll(date);
        t.addAll(time);
      }
    }
    text(t, gap);
  }

  private List<String> dateWords(DateStyle style, int year, int month, int day) {
    String dd = two(day);
    String mm = two(month);
    String yyyy = Integer.toString(year);
    String yy = two(year % 100);
    String mon = c(Lexicon.MONTHS.get(month - 1));
    return switch (style) {
      case MDY_SLASH -> List.of(mm + "/" + dd + "/" + yyyy);
      case MDY_SHORT -> List.of(mm + "/" + dd + "/" + yy);
      case DMY_SLASH -> List.of(dd + "/" + mm + "/" + yyyy);
      case DMY_SHORT -> List.of(dd + "/" + mm + "/" + yy);
      case DMY_DOT -> List.of(dd + "." + mm + "." + yyyy);
      case DMY_DOT_SHORT -> List.of(dd + "." + mm + "." + yy);
      case DMY_DASH -> List.of(dd + "-" + mm + "-" + yyyy);
      case ISO -> List.of(yyyy + "-" + mm + "-" + dd);
      case MON_D_Y -> List.of(mon, day + ",", yyyy);
      case D_MON_Y -> List.of(Integer.toString(day), mon, yyyy);
      case D_MON_Y_DASH -> List.of(dd + "-" + mon + "-" + yyyy);
    };
  }

  private List<Token> timeWords() {
    int hour = dice.between(7, 22);
    int minute = dice.between(0, 59);
    String seconds = dice.chance(0.3) ? ":" + two(dice.between(0, 59)) : "";
    if (country.twelveHourClock) {
      int h12 = hour % 12 == 0 ? 12 : hour % 12;
      String ampm = hour < 12 ? "AM" : "PM";
      String clock = h12 + ":" + two(minute) + seconds;
      return dice.chance(0.3) ? List.of(o(clock + ampm)) : List.of(o(clock), o(ampm));
    }
    return List.of(o(two(hour) + ":" + two(minute) + seconds));
  }

  private void transactionLine() {
    List<Token> t = new ArrayList<>();
    switch (dice.below(4)) {
      case 0 -> {
        t.addAll(outside(List.of("Cashier:")));
        t.add(o(c(dice.pick(Lexicon.CASHIERS))));
      }
      case 1 -> {
        t.addAll(outside(List.of("Receipt", "#")));
        t.add(o(digits(6)));
      }
      case 2 -> {
        t.addAll(outside(List.of("Table")));
        t.add(o(Integer.toString(dice.between(1, 40))));
        t.addAll(outside(List.of("Guests:")));
        t.add(o(Integer.toString(dice.between(1, 6))));
      }
      default -> {
        t.addAll(outside(List.of("Trans")));
        t.add(o(digits(4)));
        t.addAll(outside(List.of("Reg")));
        t.add(o(digits(2)));
      }
    }
    text(t, 0);
  }

  /** Item lines; returns the subtotal in cents. */
  private long items() {
    int n = dice.chance(0.15) ? dice.between(9, 14) : dice.between(1, 8);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += item(i == 0 ? 0.6 : 0);
      if (dice.chance(0.06) && sum > 200) {
        long off = Math.min(sum / 4, dice.between(25, 300));
        List<Token> body = outside(dice.pick(lang.discounts()));
        add(Kind.ROW, body, amountTokens(-off, null, currencyOnItems), 0);
        sum -= off;
      }
    }
    return sum;
  }

  private long item(double gap) {
    int qty = dice.chance(0.2) ? dice.between(2, 4) : 1;
    long unit = price();
    long line = unit * qty;
    List<Token> body = new ArrayList<>();
    if (skuCodes) {
      body.add(o(digits(dice.between(6, 12))));
    }
    if (qtyStyle == QtyStyle.NUMBER && (qty > 1 || qtyAlways)) {
      body.add(o(Integer.toString(qty)));
    } else if (qtyStyle == QtyStyle.NUMBER_X && (qty > 1 || qtyAlways)) {
      if (dice.chance(0.5)) {
        body.add(o(qty + "x"));
      } else {
        body.add(o(Integer.toString(qty)));
        body.add(o("x"));
      }
    }
    body.addAll(entity(itemName(), ITEM));
    if (qtyStyle == QtyStyle.AT_UNIT && qty > 1) {
      body.add(o(Integer.toString(qty)));
      body.add(o("@"));
      body.add(o(money(unit, false)));
    }
    List<Token> amount = new ArrayList<>(amountTokens(line, PRICE, currencyOnItems));
    if (taxFlags) {
      amount.add(o(c(dice.pick(Lexicon.TAX_FLAGS))));
    }
    add(Kind.ROW, body, amount, gap);
    return line;
  }

  private List<String> itemName() {
    List<String> w = new ArrayList<>();
    int form = dice.below(20);
    if (form >= 15 && form < 18) {
      w.add(dice.pick(Lexicon.BRANDS));
    }
    if (form >= 4 && form < 15 || form == 19) {
      w.add(dice.pick(Lexicon.ITEM_ADJECTIVES));
    }
    if (form == 19 || form == 18) {
      w.add(dice.pick(Lexicon.ITEM_ADJECTIVES));
    }
    w.add(dice.pick(Lexicon.ITEM_NOUNS));
    if (dice.chance(0.12)) {
      w.add(dice.pick(Lexicon.SIZES));
    }
    return w.stream().map(this::c).toList();
  }

  /** Item price in cents, 0.49 .. about 60, log-uniform, half of them ending in 9. */
  private long price() {
    double cents = StrictMath.exp(dice.uniform(StrictMath.log(49), StrictMath.log(6000)));
    long c = Math.max(49, Math.round(cents));
    return dice.chance(0.5) ? c - c % 10 + 9 : c;
  }

  private void totals(long subtotal) {
    if (dice.chance(0.5)) {
      text(List.of(o(dice.pick(Lexicon.SEPARATORS))), 0.3);
    }
    double gap = 0.5;
    boolean showSubtotal = dice.chance(0.8);
    if (showSubtotal) {
      add(Kind.ROW, outside(dice.pick(lang.subtotals())), amountTokens(subtotal, SUBTOTAL, currencyOnTotals), gap);
      gap = 0;
    }
    long tax = 0;
    if (dice.chance(0.8)) {
      Country.Tax rule = dice.pick(country.taxes);
      tax = new BigDecimal(subtotal).multiply(rule.rate()).setScale(0, RoundingMode.HALF_UP).longValueExact();
      List<Token> body = new ArrayList<>(outside(rule.keyword()));
      if (dice.chance(0.5)) {
        body.add(o(country.rateText(rule)));
      }
      add(Kind.ROW, body, amountTokens(tax, TAX, currencyOnTotals), gap);
      gap = 0;
    }
    long total = subtotal + tax;
    add(Kind.ROW, outside(dice.pick(lang.totals())), amountTokens(total, TOTAL, currencyOnTotals), gap);
    if (dice.chance(0.15)) {
      int count = dice.between(1, 14);
      text(List.of(o(c("Items:")), o(Integer.toString(count))), 0);
    }
    payment(total);
  }

  /** Card or cash: every amount here is O, told apart from the total by its keyword. */
  private void payment(long total) {
    if (dice.chance(0.6)) {
      List<Token> body = new ArrayList<>(outside(dice.pick(lang.cards())));
      if (dice.chance(0.4)) {
        body.add(o("****" + digits(4)));
      }
      add(Kind.ROW, body, amountTokens(total, null, currencyOnTotals), 0.4);
      if (dice.chance(0.4)) {
        List<String> kw = dice.pick(Lexicon.CARD_DETAIL_KEYWORDS);
        List<Token> t = new ArrayList<>(outside(kw));
        t.add(o(kw.get(0).startsWith("Card") ? "************" + digits(4) : digits(6)));
        text(t, 0);
      }
    } else {
      long tendered = tendered(total);
      add(Kind.ROW, outside(dice.pick(lang.cash())), amountTokens(tendered, null, currencyOnTotals), 0.4);
      add(Kind.ROW, outside(dice.pick(lang.change())), amountTokens(tendered - total, null, currencyOnTotals), 0);
    }
  }

  private long tendered(long total) {
    long[] notes = {500, 1000, 2000, 5000, 10000};
    for (long note : notes) {
      if (note >= total && dice.chance(0.7)) {
        return note;
      }
    }
    return (total / 100 + 1) * 100;
  }

  private void footer() {
    int n = dice.between(1, 2);
    double gap = 0.6;
    for (int i = 0; i < n; i++) {
      text(outside(dice.pick(lang.footers())), gap);
      gap = 0;
    }
    if (dice.chance(0.15)) {
      List<Token> t = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        t.add(o(digits(4)));
      }
      text(t, 0.2);
    }
  }

  // ---- words and tags ------------------------------------------------------------------------------------------

  /** An amount with the receipt's currency style; {@code type} null tags it O. A separate currency word is O. */
  private List<Token> amountTokens(long cents, String type, boolean withCurrency) {
    String label = type == null ? Labels.OUTSIDE : "B-" + type;
    String number = money(cents, false);
    if (!withCurrency) {
      return List.of(new Token(number, label));
    }
    return switch (currency) {
      case NONE -> List.of(new Token(number, label));
      case ATTACHED_PREFIX -> List.of(new Token(money(cents, true), label));
      case CODE_PREFIX -> List.of(o(country.currencyCode), new Token(number, label));
      case SYMBOL_SUFFIX -> List.of(new Token(number, label), o(country.currencySymbol));
      case CODE_SUFFIX -> List.of(new Token(number, label), o(country.currencyCode));
    };
  }

  /** Cents as the country writes them, e.g. {@code 12.49}, {@code 12,49}, {@code -$0.50}. */
  private String money(long cents, boolean attachedSymbol) {
    long abs = Math.abs(cents);
    String text = (abs / 100) + String.valueOf(country.decimalSeparator) + two((int) (abs % 100));
    if (attachedSymbol) {
      text = country.currencySymbol + text;
    }
    return cents < 0 ? "-" + text : text;
  }

  private List<Token> entity(List<String> words, String type) {
    List<Token> t = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      t.add(new Token(words.get(i), (i == 0 ? "B-" : "I-") + type));
    }
    return t;
  }

  private List<Token> outside(List<String> words) {
    return words.stream().map(w -> o(c(w))).toList();
  }

  private static Token o(String word) {
    return new Token(word, Labels.OUTSIDE);
  }

  /** The receipt's case applied to a word. */
  private String c(String word) {
    return upper ? up(word) : word;
  }

  static String up(String word) {
    return word.toUpperCase(Locale.ROOT);
  }

  private String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + dice.below(10)));
    }
    return sb.toString();
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private void text(List<Token> tokens, double gap) {
    add(Kind.TEXT, tokens, List.of(), gap);
  }

  private void add(Kind kind, List<Token> body, List<Token> amount, double gap) {
    lines.add(new DraftLine(kind, body, amount, gap));
  }
}
