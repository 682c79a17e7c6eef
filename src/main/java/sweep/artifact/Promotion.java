package sweep.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import sweep.spec.Goal;
import sweep.util.Json;

/**
 * Champion/challenger promotion of a sweep's model to {@code production/}. The checkpoint's files go to
 * {@code production/versions/<version>/}, then its {@code manifest.json} (files, sizes, sha256), and last the
 * pointer {@code production/CURRENT.json}; so a failure at any step leaves the previous production model whole
 * and the pointer naming it. A challenger must beat the current model's value by more than {@code minDelta}
 * under the metric's goal, on the same metric; {@code force} skips the gate.
 */
public final class Promotion {
  public static final String POINTER = "production/CURRENT.json";

  private final ArtifactStore store;
  private final Clock clock;

  public Promotion(ArtifactStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The model to promote. */
  public record Candidate(String sweep, String trial, String metric, Goal goal, double value, Path checkpoint) {}

  /** What happened: promoted or not, why, the version written and the value it was compared with. */
  public record Outcome(boolean promoted, String message, String version, Double previousValue) {}

  /** The production pointer, if there is one. */
  public Optional<JsonNode> current() throws IOException {
    Optional<byte[]> raw = store.read(POINTER);
    return raw.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readTree(raw.get()));
  }

  public Outcome promote(Candidate c, double minDelta, boolean force) throws IOException {
    Optional<JsonNode> current = current();
    Double previous = current.map(n -> n.path("value")).filter(JsonNode::isNumber).map(JsonNode::asDouble)
        .orElse(null);
    if (!force && current.isPresent()) {
      String currentMetric = current.get().path("metric").asText();
      if (!currentMetric.equals(c.metric())) {
        return new Outcome(false, "production holds a model scored by " + currentMetric + ", not " + c.metric()
            + "; use --force to replace it", null, previous);
      }
      double gain = c.goal() == Goal.MAXIMIZE ? c.value() - previous : previous - c.value();
      if (!(gain > minDelta)) {
        return new Outcome(false, String.format("not promoted: %s=%s does not beat production's %s by more than"
            + " min_delta %s (trial %s of %s)", c.metric(), c.value(), previous, minDelta,
            current.get().path("trial").asText(), current.get().path("sweep").asText()), null, previous);
      }
    }
    Instant now = clock.instant();
    String version = c.sweep() + "-" + c.trial() + "-" + now.toEpochMilli();
    String prefix = "production/versions/" + version + "/";
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("version", version);
    ArrayNode files = manifest.putArray("files");
    List<Path> all;
    try (Stream<Path> walk = Files.walk(c.checkpoint())) {
      all = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : all) {
      String rel = c.checkpoint().relativize(f).toString().replace('\\', '/');
      store.put(prefix + rel, f);
      files.addObject().put("path", rel).put("size", Files.size(f)).put("sha256", sha256(f));
    }
    store.putBytes(prefix + "manifest.json", Json.pretty(manifest).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ObjectNode pointer = Json.MAPPER.createObjectNode();
    pointer.put("sweep", c.sweep()).put("trial", c.trial()).put("metric", c.metric()).put("goal", c.goal().word())
        .put("value", c.value()).put("version", version).put("path", prefix)
        .put("manifest", prefix + "manifest.json").put("promoted_at", now.toString());
    store.putBytes(POINTER, Json.pretty(pointer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String how = previous == null ? "first production model" : "beats " + previous;
    return new Outcome(true, "promoted " + c.sweep() + " trial " + c.trial() + " (" + c.metric() + "=" + c.value()
        + ", " + how + (force ? ", forced" : "") + ") as " + version, version, previous);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
