package sweep.data;

import static sweep.data.Lexicon.phrases;

import java.util.List;

/** The keywords of one receipt language. Keyword phrases are word lists; the generator picks one per receipt. */
record Language(
    List<List<String>> dateKeywords,
    List<List<String>> timeKeywords,
    List<List<String>> discounts,
    List<List<String>> subtotals,
    List<List<String>> totals,
    List<List<String>> cards,
    List<List<String>> cash,
    List<List<String>> change,
    List<List<String>> footers) {

  static final Language ENGLISH = new Language(
      phrases("Date:", "Date"),
      phrases("Time:", "Time"),
      phrases("Discount", "Coupon", "Member Savings", "Promo"),
      phrases("Subtotal", "Sub Total", "Sub-Total", "Net Amount"),
      phrases("Total", "Total Due", "Amount Due", "Balance Due", "Grand Total", "Total Amount"),
      phrases("Visa", "Mastercard", "Amex", "Debit Card", "Credit Card"),
      phrases("Cash", "Cash Tendered"),
      phrases("Change", "Change Due"),
      phrases("Thank you!", "Thank you for shopping with us", "Please come again", "Have a nice day!",
          "Thanks for visiting", "Keep this receipt for returns", "Returns within 30 days", "Customer copy",
          "See you soon"));

  static final Language GERMAN = new Language(
      phrases("Datum:", "Datum"),
      phrases("Zeit:", "Uhrzeit:"),
      phrases("Rabatt", "Coupon"),
      phrases("Zwischensumme", "Subtotal"),
      phrases("Summe", "Gesamt", "Total", "Summe EUR"),
      phrases("Girocard", "EC-Karte", "Visa", "Mastercard"),
      phrases("Bar", "Gegeben"),
      phrases("Rückgeld", "Zurück"),
      phrases("Danke für Ihren Einkauf", "Vielen Dank!", "Auf Wiedersehen", "Bitte Beleg aufbewahren"));

  static final Language FRENCH = new Language(
      phrases("Date:", "Le"),
      phrases("Heure:", "à"),
      phrases("Remise", "Promo"),
      phrases("Sous-total", "Sous Total", "Total HT"),
      phrases("Total", "Total TTC", "Net à payer", "Montant TTC"),
      phrases("Carte Bancaire", "CB", "Visa", "Mastercard"),
      phrases("Espèces", "Especes"),
      phrases("Rendu", "Monnaie rendue"),
      phrases("Merci de votre visite", "Merci et à bientôt", "Bonne journée!", "Ticket client"));

  /** Every keyword phrase of the language. */
  List<List<String>> allPhrases() {
    return java.util.stream.Stream.of(dateKeywords, timeKeywords, discounts, subtotals, totals, cards, cash, change,
        footers).flatMap(List::stream).toList();
  }
}
