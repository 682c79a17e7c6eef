package sweep.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import sweep.spec.SpecException;
import sweep.spec.SpecNode;

/**
 * Reads the source of a spec's {@code data:} mapping: {@code source: synthetic | file:PATH | dynamodb://TABLE |
 * s3://BUCKET/PREFIX}, or {@code train: file:PATH} with {@code val: file:PATH}. Every error is a {@link SpecException}
 * at the offending key or value (file:line:col and key path). Only the keys {@code source}, {@code train} and
 * {@code val} are read; the caller checks the mapping's other keys.
 */
public final class DataSources {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private DataSources() {}

  /** What a local path must be. */
  public enum LocalPathType {
    /** A regular file ({@code no such file: PATH} otherwise). */
    FILE,
    /** A directory ({@code no such directory: PATH} otherwise). */
    DIRECTORY
  }

  /**
   * What a task accepts.
   *
   * @param kinds the kinds of source it reads
   * @param localPath what {@code source: file:PATH} must name ({@code train}/{@code val} always name files)
   * @param unit what a single source is split by, for messages ({@code document}, {@code image})
   */
  public record Rules(Set<DataSource.Kind> kinds, LocalPathType localPath, String unit) {
    public Rules {
      kinds = Set.copyOf(kinds);
      Objects.requireNonNull(localPath, "localPath");
      Objects.requireNonNull(unit, "unit");
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("no kind of source accepted");
      }
    }
  }

  /** {@link #parse(SpecNode, Rules)} with files for {@code file:PATH}, split by document. */
  public static DataSource parse(SpecNode data, Set<DataSource.Kind> accepted) {
    return parse(data, new Rules(accepted, LocalPathType.FILE, "document"));
  }

  /**
   * The source the {@code data:} mapping names.
   *
   * @param data the {@code data:} mapping
   * @throws SpecException when both {@code source} and {@code train}/{@code val} are given, when one of
   *     {@code train}/{@code val} or {@code source} is missing, for an unknown or unaccepted source, for a path
   *     that does not exist as the rules ask, for a bad table, bucket or prefix
   */
  public static DataSource parse(SpecNode data, Rules rules) {
    Map<String, SpecNode> keys = data.entries();
    if (keys.containsKey("train") || keys.containsKey("val")) {
      if (keys.containsKey("source")) {
        throw keys.get("source").errorAtKey("give either 'source' (split by " + rules.unit()
            + ") or 'train' and 'val'");
      }
      if (!rules.kinds().contains(DataSource.Kind.TRAIN_VAL)) {
        SpecNode at = keys.containsKey("train") ? keys.get("train") : keys.get("val");
        throw at.errorAtKey("this task reads one 'source' (" + expected(rules) + "), not 'train' and 'val'");
      }
      return new DataSource.TrainVal(filePath(data.require("train")), filePath(data.require("val")));
    }
    SpecNode source = data.require("source");
    String s = source.asString();
    DataSource parsed;
    if (s.equals("synthetic")) {
      parsed = new DataSource.Synthetic();
    } else if (s.startsWith("file:")) {
      parsed = new DataSource.LocalPath(rules.localPath() == LocalPathType.FILE
          ? existingFile(source, s.substring("file:".length()))
          : existingDirectory(source, s.substring("file:".length())));
    } else if (s.startsWith("dynamodb://")) {
      parsed = table(source, s.substring("dynamodb://".length()));
    } else if (s.startsWith("s3://")) {
      parsed = s3(source, s.substring("s3://".length()));
    } else {
      parsed = null;
    }
    if (parsed == null || !rules.kinds().contains(parsed.kind())) {
      throw source.error("unknown data source '" + s + "' (expected " + expected(rules) + ")");
    }
    return parsed;
  }

  /** The single-source forms a task accepts, e.g. {@code synthetic, file:PATH or dynamodb://TABLE}. */
  static String expected(Rules rules) {
    List<String> forms = new ArrayList<>();
    for (DataSource.Kind k : EnumSet.copyOf(rules.kinds())) {
      if (k != DataSource.Kind.TRAIN_VAL) {
        forms.add(k.form());
      }
    }
    if (forms.isEmpty()) {
      return "train: file:PATH and val: file:PATH";
    }
    if (forms.size() == 1) {
      return forms.get(0);
    }
    return String.join(", ", forms.subList(0, forms.size() - 1)) + " or " + forms.get(forms.size() - 1);
  }

  private static DataSource table(SpecNode source, String table) {
    if (!TABLE.matcher(table).matches()) {
      throw source.error("'" + table + "' is not a DynamoDB table name (3-255 letters, digits, '_', '-', '.')");
    }
    return new DataSource.DynamoDbTable(table);
  }

  private static DataSource s3(SpecNode source, String rest) {
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_LIKE.matcher(bucket).matches()) {
      throw source.error("'" + bucket + "' is not an S3 bucket name (3-63 lower-case letters, digits, dots and"
          + " hyphens, starting and ending with a letter or digit)");
    }
    if (!prefix.isEmpty()) {
      for (String segment : prefix.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
            || segment.chars().anyMatch(Character::isISOControl)) {
          throw source.error("'" + prefix + "' is not a plain key prefix (no '.', '..', '//' or control"
              + " characters)");
        }
      }
    }
    return new DataSource.S3Prefix(bucket, prefix);
  }

  private static Path filePath(SpecNode node) {
    String s = node.asString();
    if (!s.startsWith("file:")) {
      throw node.error("expected file:PATH, got '" + s + "'");
    }
    return existingFile(node, s.substring("file:".length()));
  }

  private static Path existingFile(SpecNode node, String path) {
    Path p = Path.of(path).toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw node.error("no such file: " + p);
    }
    return p;
  }

  private static Path existingDirectory(SpecNode node, String path) {
    Path p = Path.of(path).toAbsolutePath();
    if (!Files.isDirectory(p)) {
      throw node.error("no such directory: " + p);
    }
    return p;
  }
}
