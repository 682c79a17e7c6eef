package sweep.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A content hash that names a data set, for provenance (the same lines give the same hash in any order). */
public final class DataHash {
  private DataHash() {}

  private record Row(String documentId, String lineId, String json) {}

  /**
   * SHA-256, lowercase hex, of the canonical JSONL of the lines: each line as {@link JsonlLines#toJson} writes it
   * with {@link FieldNames#DEFAULT}, followed by {@code \n}, UTF-8, rows sorted by document id, then line id, then the
   * row text (so duplicates of a key are ordered too). Independent of input order.
   */
  public static String of(Collection<LabeledLine> lines) {
    List<Row> rows = lines.stream()
        .map(l -> new Row(l.documentId(), l.lineId(), JsonlLines.toJson(l, FieldNames.DEFAULT)))
        .sorted(Comparator.comparing(Row::documentId).thenComparing(Row::lineId).thenComparing(Row::json))
        .toList();
    MessageDigest sha = Hashing.sha256();
    for (Row row : rows) {
      sha.update(row.json().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return Hashing.hex(sha.digest());
  }
}
