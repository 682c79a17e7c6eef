package sweep.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 for sequence labelling (NER, chunking), with the semantics of seqeval 1.2.2's
 * {@code classification_report} at its defaults ({@code zero_division='warn'}, which scores 0, without the warning).
 *
 * <p>Contract of {@link #score}:
 * <ul>
 *   <li>{@code gold} and {@code pred} hold the same number of sequences and each gold sequence has as many tags as its
 *       pred sequence; otherwise {@link IllegalArgumentException} naming the (0-based) sequence index. Empty sequences
 *       and no sequences at all are allowed.</li>
 *   <li>Entities are found in each side by {@link Mode}: {@link Mode#DEFAULT} is seqeval's default
 *       ({@code get_entities}, conlleval-like, never rejects a tag); {@link Mode#STRICT} is
 *       {@code mode='strict', scheme=IOB2}, which throws {@link InvalidTagException} on a tag that is not IOB2. A
 *       {@code null} or empty tag is an {@link InvalidTagException} in both modes. Gold is checked before pred.</li>
 *   <li>A predicted entity is correct when type, start and end all equal a gold entity's. Per type:
 *       precision = correct / predicted, recall = correct / gold, F1 = 2PR / (P + R), support = gold entities; any
 *       0/0 is 0. Types are those found in gold or pred, sorted by code point (Python's order).</li>
 *   <li>micro: the same formulas over the summed counts. macro: the unweighted mean of the per-type scores.
 *       weighted: their mean weighted by support, and all 0 when there is no gold entity. Every average's support is
 *       the number of gold entities. Sums are taken in numpy's order, so numbers equal seqeval's to the last bit.</li>
 *   <li>One departure: with no entity of any type in gold or pred, seqeval's macro average is NaN (the mean of
 *       nothing) and its text report fails; here every score is 0 and the report has no type rows.</li>
 * </ul>
 */
public final class Seqeval {
  /** How entities are read from tags. */
  public enum Mode {
    /**
     * seqeval's default: conlleval-compatible; an I- (or E-) tag that does not continue an entity starts one, a
     * change of type ends one; IOB1, IOB2, IOE and IOBES tags are all accepted, and nothing is rejected.
     */
    DEFAULT,
    /** seqeval's {@code mode='strict', scheme=IOB2}: an entity is B- then I- tags of its type, nothing else counts. */
    STRICT
  }

  /**
   * The scores of one {@link #score} call: one {@link TypeScore} per entity type, sorted by type, and the micro, macro
   * and weighted averages. Immutable.
   */
  public record Report(List<TypeScore> types, Average micro, Average macro, Average weighted) {
    public Report {
      types = List.copyOf(types);
      Objects.requireNonNull(micro, "micro");
      Objects.requireNonNull(macro, "macro");
      Objects.requireNonNull(weighted, "weighted");
    }

    /**
     * The report laid out as seqeval's {@code classification_report(..., digits=4)} prints it: a header, a blank
     * line, one row per type, a blank line, the micro, macro and weighted rows; every line ends in a newline.
     */
    public String toText() {
      return ReportText.format(this);
    }
  }

  /** Scores of one entity type; {@code support} is the number of gold entities of that type. */
  public record TypeScore(String type, double precision, double recall, double f1, int support) {
    public TypeScore {
      Objects.requireNonNull(type, "type");
    }
  }

  /** One average over the types; {@code support} is the number of gold entities of all types. */
  public record Average(double precision, double recall, double f1, int support) {}

  private Seqeval() {}

  /**
   * Scores {@code pred} against {@code gold}; see the class comment for the contract.
   *
   * @throws IllegalArgumentException when the two differ in shape
   * @throws InvalidTagException on a tag the mode cannot read
   */
  public static Report score(List<List<String>> gold, List<List<String>> pred, Mode mode) {
    Objects.requireNonNull(mode, "mode");
    checkShape(gold, pred);
    Map<String, int[]> counts = new TreeMap<>(Seqeval::compareCodePoints);
    Set<Entity> goldEntities = new HashSet<>(entities("gold", gold, mode));
    Set<Entity> predEntities = new HashSet<>(entities("pred", pred, mode));
    for (Entity e : goldEntities) {
      counts.computeIfAbsent(e.type(), k -> new int[3])[0]++;
    }
    for (Entity e : predEntities) {
      int[] c = counts.computeIfAbsent(e.type(), k -> new int[3]);
      c[1]++;
      if (goldEntities.contains(e)) {
        c[2]++;
      }
    }
    List<Scores.Counts> perType = new ArrayList<>();
    counts.forEach((type, c) -> perType.add(new Scores.Counts(type, c[0], c[1], c[2])));
    return Scores.of(perType);
  }

  /** Python's string order: by code point (Java's {@code compareTo} orders by UTF-16 unit). */
  static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  static List<Entity> entities(String side, List<List<String>> sequences, Mode mode) {
    return mode == Mode.STRICT ? Iob2Chunker.entities(side, sequences) : ConllChunker.entities(side, sequences);
  }

  private static void checkShape(List<List<String>> gold, List<List<String>> pred) {
    Objects.requireNonNull(gold, "gold");
    Objects.requireNonNull(pred, "pred");
    int common = Math.min(gold.size(), pred.size());
    for (int s = 0; s < common; s++) {
      List<String> g = Objects.requireNonNull(gold.get(s), "gold sequence index " + s + " is null");
      List<String> p = Objects.requireNonNull(pred.get(s), "pred sequence index " + s + " is null");
      if (g.size() != p.size()) {
        throw new IllegalArgumentException("sequence index " + s + " has " + g.size() + " gold tags but "
            + p.size() + " pred tags");
      }
    }
    if (gold.size() != pred.size()) {
      throw new IllegalArgumentException("gold has " + gold.size() + " sequences but pred has " + pred.size()
          + " (sequence index " + common + " is in only one of them)");
    }
  }
}
