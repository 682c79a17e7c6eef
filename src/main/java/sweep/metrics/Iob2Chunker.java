package sweep.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * seqeval's strict chunking for IOB2 ({@code seqeval.scheme.Tokens.entities} with the {@code IOB2} token class),
 * ported line for line with IOB2's start/inside/end patterns written out. A chunk is a B- tag followed by the I- tags
 * of the same type; an I- tag that does not continue a chunk belongs to none. A token's prefix is its first character
 * and its type the rest with leading and trailing {@code '-'} stripped ({@code "_"} when nothing is left), so
 * {@code "B"} has type {@code _} and {@code "BPER"} type {@code PER}, as in seqeval.
 *
 * <p>seqeval raises on a tag whose first character is no prefix at all (KeyError, e.g. {@code "PER"}), on E-, S-, U-
 * and L- tags (ValueError: not allowed in IOB2) and on an empty tag (IndexError). This class throws
 * {@link InvalidTagException} for each, naming the tag seqeval fails on: in the first sequence that has a bad tag, the
 * first empty or prefix-less one if any, else the first E-, S-, U- or L- one.
 */
final class Iob2Chunker {
  private Iob2Chunker() {}

  private record Token(char prefix, String type) {
    static final Token OUTSIDE = new Token('O', "_");

    boolean isStart() {
      return prefix == 'B';
    }

    boolean isInside(Token prev) {
      return prefix == 'I' && (prev.prefix == 'B' || prev.prefix == 'I') && type.equals(prev.type);
    }

    boolean isEnd(Token prev) {
      boolean same = type.equals(prev.type);
      return switch (prev.prefix) {
        case 'I', 'B' -> prefix == 'O' || prefix == 'B' || prefix == 'I' && !same;
        default -> false;
      };
    }
  }

  /** The chunks of every sequence, in seqeval's strict coordinates (see {@link Entity}). */
  static List<Entity> entities(String side, List<List<String>> sequences) {
    List<Entity> out = new ArrayList<>();
    for (int s = 0; s < sequences.size(); s++) {
      List<String> tags = sequences.get(s);
      // seqeval builds a sequence's tokens (IndexError, KeyError) before it checks their prefixes (ValueError).
      for (int t = 0; t < tags.size(); t++) {
        checkPrefix(side, s, t, tags.get(t));
      }
      List<Token> tokens = new ArrayList<>();
      for (int t = 0; t < tags.size(); t++) {
        tokens.add(token(side, s, t, tags.get(t)));
      }
      entities(s, tokens, out);
    }
    return out;
  }

  private static void entities(int sequence, List<Token> tokens, List<Entity> out) {
    List<Token> ext = new ArrayList<>(tokens);
    ext.add(Token.OUTSIDE);
    int i = 0;
    while (i < ext.size()) {
      Token token = ext.get(i);
      if (token.isStart()) {
        int end = forward(ext, i + 1, token);
        if (ext.get(end).isEnd(ext.get(end - 1))) {
          out.add(new Entity(sequence, token.type(), i, end));
        }
        i = end;
      } else {
        i++;
      }
    }
  }

  /** The index of the first token after {@code start} that does not continue the chunk (the final O never does). */
  private static int forward(List<Token> ext, int start, Token prev) {
    int i = start;
    while (ext.get(i).isInside(prev)) {
      prev = ext.get(i);
      i++;
    }
    return i;
  }

  /** seqeval's {@code Token.__init__}: IndexError on an empty tag, KeyError on a first character that is no prefix. */
  private static void checkPrefix(String side, int sequence, int index, String tag) {
    if (tag == null || tag.isEmpty()) {
      throw new InvalidTagException(side, sequence, index, tag, tag == null ? "is null" : "is empty");
    }
    if ("BIOESUL".indexOf(tag.charAt(0)) < 0) {
      throw new InvalidTagException(side, sequence, index, tag,
          "does not start with B, I or O, so it is not an IOB2 tag; seqeval's strict mode raises on it too");
    }
  }

  /** seqeval's {@code IOB2.is_valid} (ValueError on E, S, U and L) and the token's prefix and type. */
  private static Token token(String side, int sequence, int index, String tag) {
    char prefix = tag.charAt(0);
    if ("BIO".indexOf(prefix) < 0) {
      throw new InvalidTagException(side, sequence, index, tag, "has prefix " + prefix
          + ", which IOB2 does not allow (allowed: B, I, O); seqeval's strict mode raises on it too");
    }
    String type = strip(tag.substring(1));
    return new Token(prefix, type.isEmpty() ? "_" : type);
  }

  /** Python's {@code str.strip('-')}. */
  private static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '-') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '-') {
      to--;
    }
    return s.substring(from, to);
  }
}
