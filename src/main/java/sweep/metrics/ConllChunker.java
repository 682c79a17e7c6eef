package sweep.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * seqeval's default chunking ({@code seqeval.metrics.sequence_labeling.get_entities}, with its
 * {@code end_of_chunk}/{@code start_of_chunk}), ported line for line. Like seqeval it lays the sequences end to end
 * with an {@code "O"} after each and one more at the end, splits every tag into its first character (the prefix) and
 * the text after the first {@code '-'} that follows it (the type, {@code "_"} when empty), and never rejects a tag:
 * an I- or E- after O starts a chunk, a type change ends one, {@code "PER"} reads as prefix {@code P}, type
 * {@code ER}, and a tag such as {@code "X"} after a chunk starts a chunk of type {@code _} that seqeval may drop or
 * carry past a sequence end; all exactly as seqeval does.
 */
final class ConllChunker {
  private ConllChunker() {}

  /**
   * The chunks, in seqeval's coordinates (see {@link Entity}).
   *
   * @throws InvalidTagException on the first null or empty tag (seqeval: IndexError)
   */
  static List<Entity> entities(String side, List<List<String>> sequences) {
    List<String> flat = new ArrayList<>();
    for (int s = 0; s < sequences.size(); s++) {
      List<String> tags = sequences.get(s);
      for (int t = 0; t < tags.size(); t++) {
        if (tags.get(t) == null || tags.get(t).isEmpty()) {
          throw new InvalidTagException(side, s, t, tags.get(t), tags.get(t) == null ? "is null" : "is empty");
        }
      }
      flat.addAll(tags);
      flat.add("O");
    }
    flat.add("O");
    List<Entity> chunks = new ArrayList<>();
    String prevTag = "O";
    String prevType = "";
    int begin = 0;
    for (int i = 0; i < flat.size(); i++) {
      String chunk = flat.get(i);
      int cut = Character.charCount(chunk.codePointAt(0));
      String tag = chunk.substring(0, cut);
      String rest = chunk.substring(cut);
      String type = rest.substring(rest.indexOf('-') + 1);
      if (type.isEmpty()) {
        type = "_";
      }
      if (endOfChunk(prevTag, tag, prevType, type)) {
        chunks.add(new Entity(0, prevType, begin, i - 1));
      }
      if (startOfChunk(prevTag, tag, prevType, type)) {
        begin = i;
      }
      prevTag = tag;
      prevType = type;
    }
    return chunks;
  }

  static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
    boolean prevInside = prevTag.equals("B") || prevTag.equals("I");
    return prevTag.equals("E") || prevTag.equals("S")
        || prevInside && (tag.equals("B") || tag.equals("S") || tag.equals("O"))
        || !prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type);
  }

  static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
    boolean prevClosed = prevTag.equals("E") || prevTag.equals("S") || prevTag.equals("O");
    return tag.equals("B") || tag.equals("S")
        || prevClosed && (tag.equals("E") || tag.equals("I"))
        || !tag.equals("O") && !tag.equals(".") && !prevType.equals(type);
  }
}
