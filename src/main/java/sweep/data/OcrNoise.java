package sweep.data;

import java.util.ArrayList;
import java.util.List;

/**
 * OCR-like damage to a small share of words (the rate is drawn per receipt, 2% to 5%): a look-alike character swap
 * (O/0, l/1, S/5), a dropped or doubled character, a word split in two with its box split (the second half tagged
 * I-X when the word was B-X or I-X), or a box jittered by a few units. Tags stay valid BIO; boxes stay on the page.
 */
final class OcrNoise {
  static final double MIN_RATE = 0.02;
  static final double MAX_RATE = 0.05;

  private final Dice dice;
  private final double rate;

  OcrNoise(Dice dice) {
    this.dice = dice;
    this.rate = dice.uniform(MIN_RATE, MAX_RATE);
  }

  List<LabeledLine> apply(List<LabeledLine> lines) {
    List<LabeledLine> out = new ArrayList<>(lines.size());
    for (LabeledLine line : lines) {
      out.add(apply(line));
    }
    return out;
  }

  private LabeledLine apply(LabeledLine line) {
    List<String> words = new ArrayList<>();
    List<Box> boxes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < line.size(); i++) {
      String word = line.words().get(i);
      Box box = line.boxes().get(i);
      String label = line.labels().get(i);
      if (!dice.chance(rate)) {
        words.add(word);
        boxes.add(box);
        labels.add(label);
        continue;
      }
      int kind = dice.below(100);
      if (kind < 30 && swappable(word) >= 0) {
        words.add(swap(word));
        boxes.add(box);
        labels.add(label);
      } else if (kind < 50 && word.length() >= 3) {
        int at = dice.below(word.length());
        words.add(word.substring(0, at) + word.substring(at + 1));
        boxes.add(box);
        labels.add(label);
      } else if (kind < 65) {
        int at = dice.below(word.length());
        words.add(word.substring(0, at + 1) + word.substring(at));
        boxes.add(box);
        labels.add(label);
      } else if (kind < 80 && word.length() >= 4) {
        int at = dice.between(1, word.length() - 1);
        int xm = box.x0() + (int) Math.round((double) box.width() * at / word.length());
        words.add(word.substring(0, at));
        boxes.add(new Box(box.x0(), box.y0(), xm, box.y1()));
        labels.add(label);
        words.add(word.substring(at));
        boxes.add(new Box(Math.min(xm + 1, box.x1()), box.y0(), box.x1(), box.y1()));
        labels.add(label.startsWith("B-") ? "I-" + label.substring(2) : label);
      } else {
        words.add(word);
        boxes.add(ReceiptLayout.box(box.x0() + shift(), box.y0() + shift(), box.x1() + shift(), box.y1() + shift()));
        labels.add(label);
      }
    }
    return new LabeledLine(line.documentId(), line.lineId(), words, boxes, labels);
  }

  private int shift() {
    return dice.between(-5, 5);
  }

  private static final String FROM = "O0ol1S5";
  private static final String TO = "0O01l5S";

  private static int swappable(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (FROM.indexOf(word.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Swaps one look-alike character, chosen at random among those the word has. */
  private String swap(String word) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < word.length(); i++) {
      if (FROM.indexOf(word.charAt(i)) >= 0) {
        positions.add(i);
      }
    }
    int at = dice.pick(positions);
    char[] chars = word.toCharArray();
    chars[at] = TO.charAt(FROM.indexOf(chars[at]));
    return new String(chars);
  }
}
