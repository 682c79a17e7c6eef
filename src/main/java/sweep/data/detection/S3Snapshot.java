package sweep.data.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import sweep.aws.AwsConfig;
import sweep.data.source.DataSource;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * A local copy of the objects under {@code s3://BUCKET/PREFIX/}, kept in step with the bucket by listing: under
 * {@code <dataDir>/s3-<bucket>-<prefix>/}, {@code files/} holds each object at its key relative to the prefix and
 * {@code listing.json} the listing (key, size, ETag) the files match. An object whose size and ETag are those in
 * the previous listing is not fetched again; files no longer listed are deleted.
 */
public final class S3Snapshot {
  private S3Snapshot() {}

  /** One listed object: its key relative to the prefix, size and ETag. */
  public record Entry(String key, long size, String etag) {}

  /**
   * A snapshot in step with the bucket.
   *
   * @param dir the local copy ({@code .../files})
   * @param listing the objects, sorted by key
   * @param downloaded how many objects this fetch downloaded
   */
  public record Result(Path dir, List<Entry> listing, int downloaded) {
    public Result {
      listing = List.copyOf(listing);
    }

    /** The listing one object a line, {@code KEY\tSIZE\tETAG\n}, sorted by key. */
    public String canonicalListing() {
      StringBuilder sb = new StringBuilder();
      listing.forEach(e -> sb.append(e.key()).append('\t').append(e.size()).append('\t').append(e.etag())
          .append('\n'));
      return sb.toString();
    }

    /** SHA-256 (hex) of the canonical listing, a blank line, then {@code annotations} (the annotations as kept). */
    public String hash(String annotations) {
      return DetectionHash.hex(DetectionHash.sha256().digest((canonicalListing() + "\n" + annotations)
          .getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** {@link #fetch(DataSource.S3Prefix, Path, S3Client)} with a client built from {@code aws}. */
  public static Result fetch(DataSource.S3Prefix source, Path dataDir, AwsConfig aws) throws IOException {
    try (S3Client s3 = aws.s3()) {
      return fetch(source, dataDir, s3);
    } catch (SdkException e) {
      throw new BadInputException(source.describe() + ": " + e.getMessage() + " (" + aws.describe("S3") + ")");
    }
  }

  /**
   * Lists the prefix and brings the local copy in step: downloads new and changed objects, deletes files no longer
   * listed, then writes {@code listing.json}.
   *
   * @throws BadInputException when nothing is listed under the prefix, or a key is not a plain relative path
   */
  public static Result fetch(DataSource.S3Prefix source, Path dataDir, S3Client s3) throws IOException {
    String keyPrefix = source.keyPrefix();
    Map<String, Entry> listed = new TreeMap<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(source.bucket()).prefix(keyPrefix)).contents()) {
      String rel = o.key().substring(keyPrefix.length());
      if (rel.isEmpty() || rel.endsWith("/")) {
        continue;
      }
      checkKey(source, rel);
      listed.put(rel, new Entry(rel, o.size(), o.eTag()));
    }
    if (listed.isEmpty()) {
      throw new BadInputException(source.describe() + ": no objects under this prefix");
    }
    Path base = dataDir.resolve(String.format(Locale.ROOT, "s3-%s-%s", source.bucket(),
        source.prefix().isEmpty() ? "_" : source.prefix().replace('/', '_')));
    Path files = base.resolve("files");
    Path listingFile = base.resolve("listing.json");
    Map<String, Entry> previous = read(listingFile);
    Files.createDirectories(files);
    int downloaded = 0;
    for (Entry e : listed.values()) {
      Path local = files.resolve(e.key());
      if (e.equals(previous.get(e.key())) && Files.isRegularFile(local) && Files.size(local) == e.size()) {
        continue;
      }
      Files.createDirectories(local.getParent());
      Path tmp = local.resolveSibling(local.getFileName() + ".part");
      Files.deleteIfExists(tmp);
      s3.getObject(b -> b.bucket(source.bucket()).key(keyPrefix + e.key()), tmp);
      Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
      downloaded++;
    }
    Set<Path> keep = new HashSet<>();
    listed.keySet().forEach(k -> keep.add(files.resolve(k)));
    try (Stream<Path> walk = Files.walk(files)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(p) && !keep.contains(p)) {
          Files.delete(p);
        }
      }
    }
    write(listingFile, listed);
    return new Result(files, List.copyOf(listed.values()), downloaded);
  }

  private static void checkKey(DataSource.S3Prefix source, String rel) {
    for (String segment : rel.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.chars().anyMatch(Character::isISOControl)) {
        throw new BadInputException(source.describe() + ": key '" + rel + "' is not a plain relative path");
      }
    }
  }

  private static Map<String, Entry> read(Path listingFile) throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    if (!Files.isRegularFile(listingFile)) {
      return out;
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(listingFile.toFile());
    } catch (IOException e) {
      return out; // a damaged listing only costs a full fetch
    }
    for (JsonNode o : root.path("objects")) {
      Entry e = new Entry(o.path("key").asText(), o.path("size").asLong(-1), o.path("etag").asText());
      out.put(e.key(), e);
    }
    return out;
  }

  private static void write(Path listingFile, Map<String, Entry> listed) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode objects = root.putArray("objects");
    listed.values().forEach(e -> objects.addObject().put("key", e.key()).put("size", e.size()).put("etag", e.etag()));
    Path tmp = listingFile.resolveSibling("listing.json.tmp");
    Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    Files.move(tmp, listingFile, StandardCopyOption.REPLACE_EXISTING);
  }
}
