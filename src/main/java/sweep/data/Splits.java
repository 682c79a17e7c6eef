package sweep.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sweep.util.BadInputException;

/** Train/validation splits that keep each document whole. */
public final class Splits {
  private Splits() {}

  /**
   * Lines split into training and validation, no document on both sides.
   *
   * @param train the training lines, in input order
   * @param val the validation lines, in input order
   */
  public record Split(List<LabeledLine> train, List<LabeledLine> val) {
    public Split {
      train = List.copyOf(train);
      val = List.copyOf(val);
    }
  }

  /**
   * Splits lines by document: every line of a document goes to the same side, and which side depends only on
   * {@code (seed, documentId)}: a document goes to validation when {@link #unitHash} is below {@code valFraction}.
   * So the split is the same on every machine and in every input order, and adding or removing documents moves no
   * other document. The validation share is {@code valFraction} of the documents on average, not exactly.
   *
   * @param valFraction the expected share of documents in validation, strictly between 0 and 1
   * @return both sides, each in input order
   * @throws IllegalArgumentException if {@code valFraction} is not strictly between 0 and 1
   * @throws BadInputException if either side would be empty (too few documents for this fraction)
   */
  public static Split byDocument(List<LabeledLine> lines, double valFraction, long seed) {
    if (!(valFraction > 0.0 && valFraction < 1.0)) {
      throw new IllegalArgumentException("valFraction must be strictly between 0 and 1, got " + valFraction);
    }
    Map<String, Boolean> side = new HashMap<>();
    List<LabeledLine> train = new ArrayList<>();
    List<LabeledLine> val = new ArrayList<>();
    for (LabeledLine line : lines) {
      boolean isVal = side.computeIfAbsent(line.documentId(), id -> unitHash(seed, id) < valFraction);
      (isVal ? val : train).add(line);
    }
    if (train.isEmpty() || val.isEmpty()) {
      long valDocs = side.values().stream().filter(b -> b).count();
      throw new BadInputException("cannot split " + side.size() + " documents with validation fraction "
          + valFraction + " and seed " + seed + ": " + (side.size() - valDocs) + " would go to training and " + valDocs
          + " to validation; use more documents or another fraction");
    }
    return new Split(train, val);
  }

  /**
   * A number in [0, 1) that depends only on the seed and the document id: the first 8 bytes of SHA-256 over the seed
   * (8 bytes, big-endian) followed by the id in UTF-8, as an unsigned fraction with 53 bits.
   */
  public static double unitHash(long seed, String documentId) {
    MessageDigest sha = Hashing.sha256();
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    sha.update(documentId.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(sha.digest()).getLong();
    return (bits >>> 11) * 0x1.0p-53;
  }
}
