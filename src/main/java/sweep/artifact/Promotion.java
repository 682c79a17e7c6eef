package sweep.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import sweep.spec.Goal;
import sweep.util.Json;

/**
 * Champion/challenger promotion of a sweep's model to {@code production/}, within one {@link ArtifactStore}. The
 * candidate is a synced directory ({@code runs/<sweep>/best}, with its {@link Manifest}); its files but the training
 * state ({@link TrainingStateFiles}: a {@code best/} published before it was left out may still hold it) are copied
 * to {@code production/versions/<version>/} and their sizes checked, then the version's {@code manifest.json}
 * (files, sizes, sha256) is written, and last the pointer {@code production/CURRENT.json}. So a failure at any step
 * leaves the previous production model whole and the pointer naming it, and a rerun starts a fresh version.
 *
 * <p>A challenger must beat the current model's value by more than {@code minDelta} under the metric's goal, on
 * the same metric; {@code force} skips the gate.
 */
public final class Promotion {
  public static final String POINTER = "production/CURRENT.json";

  private final ArtifactStore store;
  private final Clock clock;

  public Promotion(ArtifactStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The model to promote.
   *
   * @param source the store's key prefix of the synced checkpoint directory, e.g. {@code runs/night/best}
   */
  public record Candidate(String sweep, String trial, String metric, Goal goal, double value, String source) {}

  /** What happened: promoted or not, why, the version written and the value it was compared with. */
  public record Outcome(boolean promoted, String message, String version, Double previousValue) {}

  /** The production pointer, if there is one. */
  public Optional<JsonNode> current() throws IOException {
    Optional<byte[]> raw = store.read(POINTER);
    return raw.isEmpty() ? Optional.empty() : Optional.of(Json.mapper().readTree(raw.get()));
  }

  public Outcome promote(Candidate c, double minDelta, boolean force) throws IOException {
    Optional<JsonNode> current = current();
    Double previous = current.map(n -> n.path("value")).filter(JsonNode::isNumber).map(JsonNode::asDouble)
        .orElse(null);
    if (!force && current.isPresent()) {
      String currentMetric = current.get().path("metric").asText();
      if (!currentMetric.equals(c.metric())) {
        return new Outcome(false, "not promoted: production holds a model scored by " + currentMetric + ", not "
            + c.metric() + "; use --force to replace it", null, previous);
      }
      double gain = c.goal() == Goal.MAXIMIZE ? c.value() - previous : previous - c.value();
      if (!(gain > minDelta)) {
        return new Outcome(false, String.format("not promoted: %s=%s does not beat production's %s by more than"
            + " min_delta %s (trial %s of %s)", c.metric(), c.value(), previous, minDelta,
            current.get().path("trial").asText(), current.get().path("sweep").asText()), null, previous);
      }
    }
    String sourceManifest = c.source() + "/" + Manifest.NAME;
    Manifest synced = store.read(sourceManifest).flatMap(Manifest::parse).orElseThrow(() -> new IOException(
        "no manifest at " + store.describe() + "/" + sourceManifest + ": the checkpoint was not synced whole;"
            + " `sweep run --resume` finishes the sync"));
    Manifest manifest = new Manifest(synced.files().stream().filter(e -> !TrainingStateFiles.excluded(e.path()))
        .toList());
    Instant now = clock.instant();
    String version = ArtifactStore.segment(c.sweep() + "-" + c.trial() + "-" + now.toEpochMilli());
    String prefix = "production/versions/" + version + "/";
    for (Manifest.Entry e : manifest.files()) {
      store.copy(c.source() + "/" + e.path(), prefix + e.path());
    }
    Map<String, Long> copied = store.objects(prefix).stream()
        .collect(Collectors.toMap(o -> o.key().substring(prefix.length()), StoredObject::size));
    for (Manifest.Entry e : manifest.files()) {
      if (!Long.valueOf(e.size()).equals(copied.get(e.path()))) {
        throw new IOException("copy of " + e.path() + " to " + store.describe() + "/" + prefix + " has "
            + copied.get(e.path()) + " bytes, expected " + e.size());
      }
    }
    store.putBytes(prefix + Manifest.NAME, manifest.toJson());
    ObjectNode pointer = Json.mapper().createObjectNode();
    pointer.put("sweep", c.sweep()).put("trial", c.trial()).put("metric", c.metric()).put("goal", c.goal().word())
        .put("value", c.value()).put("version", version).put("path", prefix)
        .put("manifest", prefix + Manifest.NAME).put("source", c.source()).put("promoted_at", now.toString());
    store.putBytes(POINTER, Json.pretty(pointer).getBytes(StandardCharsets.UTF_8));
    String how = previous == null ? "first production model" : "beats " + previous;
    return new Outcome(true, "promoted " + c.sweep() + " trial " + c.trial() + " (" + c.metric() + "=" + c.value()
        + ", " + how + (force ? ", forced" : "") + ") as " + version + " in " + store.describe(), version,
        previous);
  }
}
