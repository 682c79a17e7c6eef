package sweep.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import sweep.util.Json;

/**
 * What a synced directory holds: each file's path (relative, {@code /}-separated), size, SHA-256 and modification
 * time. Written as {@code manifest.json} next to the files, after them, so a reader that finds a manifest finds
 * every file it lists; a reader checks each file's size and SHA-256 against it.
 */
public record Manifest(List<Entry> files) {
  public static final String NAME = "manifest.json";

  public record Entry(String path, long size, String sha256, long modifiedMillis) {}

  public Manifest {
    files = List.copyOf(files);
  }

  public Map<String, Entry> byPath() {
    Map<String, Entry> m = new LinkedHashMap<>();
    files.forEach(e -> m.put(e.path(), e));
    return m;
  }

  public long totalBytes() {
    return files.stream().mapToLong(Entry::size).sum();
  }

  public byte[] toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode arr = root.putArray("files");
    for (Entry e : files) {
      arr.addObject().put("path", e.path()).put("size", e.size()).put("sha256", e.sha256())
          .put("modified_ms", e.modifiedMillis());
    }
    return Json.pretty(root).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a manifest; empty when {@code raw} is not one (a reader then treats the directory as unknown). */
  public static Optional<Manifest> parse(byte[] raw) {
    try {
      JsonNode root = Json.mapper().readTree(raw);
      if (root == null || !root.path("files").isArray()) {
        return Optional.empty();
      }
      List<Entry> out = new java.util.ArrayList<>();
      for (JsonNode f : root.path("files")) {
        if (!f.path("path").isTextual() || !f.path("size").canConvertToLong() || !f.path("sha256").isTextual()) {
          return Optional.empty();
        }
        out.add(new Entry(f.path("path").asText(), f.path("size").asLong(), f.path("sha256").asText(),
            f.path("modified_ms").asLong(-1)));
      }
      return Optional.of(new Manifest(out));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The regular files under {@code dir}, sorted by path, leaving out a top-level {@code manifest.json}. */
  public static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.equals(dir.resolve(NAME))).sorted().toList();
    }
  }

  public static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  /** The manifest of {@code dir}, hashing every file. */
  public static Manifest of(Path dir) throws IOException {
    List<Entry> out = new java.util.ArrayList<>();
    for (Path f : files(dir)) {
      out.add(new Entry(relative(dir, f), Files.size(f), Checksums.sha256(f),
          Files.getLastModifiedTime(f).toMillis()));
    }
    return new Manifest(out);
  }
}
