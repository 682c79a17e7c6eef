package sweep.data;

import static sweep.data.Lexicon.phrases;

import java.util.List;

/**
 * Where a generated receipt is from: language, currency and how amounts are written, date formats, clock, taxes,
 * addresses and phone numbers.
 */
enum Country {
  US(Language.ENGLISH, "USD", "$", '.', StreetStyle.NUMBER_FIRST, true,
      List.of(DateStyle.MDY_SLASH, DateStyle.MDY_SHORT, DateStyle.MON_D_Y, DateStyle.ISO),
      List.of(tax("Tax", "8.25"), tax("Sales Tax", "7"), tax("Tax", "6"), tax("State Tax", "4.5"), tax("Tax", "9.5")),
      phrases("Springfield, IL 62704", "Portland, OR 97205", "Austin, TX 78701", "Denver, CO 80202",
          "Boston, MA 02108", "Seattle, WA 98101", "Madison, WI 53703", "Columbus, OH 43215", "Savannah, GA 31401",
          "Tucson, AZ 85701"),
      List.of(CurrencyStyle.ATTACHED_PREFIX, CurrencyStyle.NONE)),
  CA(Language.ENGLISH, "CAD", "$", '.', StreetStyle.NUMBER_FIRST, true,
      List.of(DateStyle.ISO, DateStyle.DMY_SLASH, DateStyle.MON_D_Y),
      List.of(tax("GST", "5"), tax("HST", "13"), tax("HST", "15")),
      phrases("Toronto, ON M5V 2T6", "Vancouver, BC V6B 1A1", "Calgary, AB T2P 1J9", "Halifax, NS B3J 1S9",
          "Ottawa, ON K1P 5G4"),
      List.of(CurrencyStyle.ATTACHED_PREFIX, CurrencyStyle.NONE, CurrencyStyle.CODE_PREFIX)),
  UK(Language.ENGLISH, "GBP", "£", '.', StreetStyle.NUMBER_FIRST, false,
      List.of(DateStyle.DMY_SLASH, DateStyle.DMY_SHORT, DateStyle.D_MON_Y, DateStyle.D_MON_Y_DASH),
      List.of(tax("VAT", "20"), tax("VAT", "5")),
      phrases("London SW1A 1AA", "Manchester M1 1AE", "Leeds LS1 4DY", "Bristol BS1 5TR", "Edinburgh EH1 1YZ"),
      List.of(CurrencyStyle.ATTACHED_PREFIX, CurrencyStyle.NONE)),
  IE(Language.ENGLISH, "EUR", "€", '.', StreetStyle.NUMBER_FIRST, false,
      List.of(DateStyle.DMY_SLASH, DateStyle.D_MON_Y),
      List.of(tax("VAT", "23"), tax("VAT", "13.5")),
      phrases("Dublin D02 X285", "Cork T12 W8CX", "Galway H91 E2K3"),
      List.of(CurrencyStyle.ATTACHED_PREFIX, CurrencyStyle.NONE)),
  AU(Language.ENGLISH, "AUD", "$", '.', StreetStyle.NUMBER_FIRST, true,
      List.of(DateStyle.DMY_SLASH, DateStyle.D_MON_Y),
      List.of(tax("GST", "10")),
      phrases("Sydney NSW 2000", "Melbourne VIC 3000", "Brisbane QLD 4000", "Perth WA 6000"),
      List.of(CurrencyStyle.ATTACHED_PREFIX, CurrencyStyle.NONE)),
  DE(Language.GERMAN, "EUR", "€", ',', StreetStyle.NAME_FIRST, false,
      List.of(DateStyle.DMY_DOT, DateStyle.DMY_DOT_SHORT),
      List.of(tax("MwSt", "19"), tax("MwSt", "7"), tax("USt", "19")),
      phrases("10115 Berlin", "80331 München", "20095 Hamburg", "50667 Köln", "60311 Frankfurt"),
      List.of(CurrencyStyle.SYMBOL_SUFFIX, CurrencyStyle.CODE_SUFFIX, CurrencyStyle.NONE)),
  FR(Language.FRENCH, "EUR", "€", ',', StreetStyle.FRENCH, false,
      List.of(DateStyle.DMY_SLASH, DateStyle.DMY_DASH),
      List.of(tax("TVA", "20"), tax("TVA", "10"), tax("TVA", "5.5")),
      phrases("75001 Paris", "69001 Lyon", "13001 Marseille", "33000 Bordeaux", "31000 Toulouse"),
      List.of(CurrencyStyle.SYMBOL_SUFFIX, CurrencyStyle.CODE_SUFFIX, CurrencyStyle.NONE)),
  CH(Language.GERMAN, "CHF", "Fr.", '.', StreetStyle.NAME_FIRST, false,
      List.of(DateStyle.DMY_DOT, DateStyle.DMY_DOT_SHORT),
      List.of(tax("MWST", "8.1"), tax("MWST", "2.6")),
      phrases("8001 Zürich", "3011 Bern", "1204 Genève", "4051 Basel"),
      List.of(CurrencyStyle.CODE_PREFIX, CurrencyStyle.NONE));

  /** How a date is written; multi-word styles give B-DATE I-DATE ... */
  enum DateStyle {
    MDY_SLASH, MDY_SHORT, DMY_SLASH, DMY_SHORT, DMY_DOT, DMY_DOT_SHORT, DMY_DASH, ISO, MON_D_Y, D_MON_Y, D_MON_Y_DASH
  }

  /** Where the currency goes on an amount. A separate currency word is tagged O. */
  enum CurrencyStyle { NONE, ATTACHED_PREFIX, CODE_PREFIX, SYMBOL_SUFFIX, CODE_SUFFIX }

  /** How a street line is written. */
  enum StreetStyle { NUMBER_FIRST, NAME_FIRST, FRENCH }

  /** A tax: keyword phrase and rate in percent, written with a point. */
  record Tax(List<String> keyword, String percent) {
    /** The rate as a fraction, exactly as written. */
    java.math.BigDecimal rate() {
      return new java.math.BigDecimal(percent).movePointLeft(2);
    }
  }

  private static Tax tax(String keyword, String percent) {
    return new Tax(Lexicon.words(keyword), percent);
  }

  final Language language;
  final String currencyCode;
  final String currencySymbol;
  final char decimalSeparator;
  final StreetStyle streetStyle;
  final boolean twelveHourClock;
  final List<DateStyle> dateStyles;
  final List<Tax> taxes;
  final List<List<String>> cityLines;
  final List<CurrencyStyle> currencyStyles;

  Country(Language language, String currencyCode, String currencySymbol, char decimalSeparator,
      StreetStyle streetStyle, boolean twelveHourClock, List<DateStyle> dateStyles, List<Tax> taxes,
      List<List<String>> cityLines, List<CurrencyStyle> currencyStyles) {
    this.language = language;
    this.currencyCode = currencyCode;
    this.currencySymbol = currencySymbol;
    this.decimalSeparator = decimalSeparator;
    this.streetStyle = streetStyle;
    this.twelveHourClock = twelveHourClock;
    this.dateStyles = dateStyles;
    this.taxes = taxes;
    this.cityLines = cityLines;
    this.currencyStyles = currencyStyles;
  }

  /** A tax rate as the receipt prints it, e.g. {@code 8.25%} or {@code 5,5%}. */
  String rateText(Tax tax) {
    return tax.percent().replace('.', decimalSeparator) + "%";
  }

  /** Street words of name-first (German) and French addresses. */
  static final List<String> GERMAN_STREETS = Lexicon.words(
      "Hauptstraße Bahnhofstraße Gartenweg Marktplatz Schillerstr. Goethestr. Kirchgasse Lindenallee");
  static final List<List<String>> FRENCH_STREETS = phrases(
      "rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue du Commerce", "rue des Lilas",
      "place Saint-Michel");
}
