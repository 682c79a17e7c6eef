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
import sweep.spec.MetricDefinition;
import sweep.util.Json;

/**
 * Champion/challenger promotion of a sweep's model to {@code production/}, within one {@link ArtifactStore}. The
 * candidate is a synced directory ({@code runs/<sweep>/best}, with its {@link Manifest}); its files but the training
 * state ({@link TrainingStateFiles}: a {@code best/} published before it was left out may still hold it) are copied
 * to {@code production/versions/<version>/} and their sizes checked, then the version's {@code manifest.json}
 * (files, sizes, sha256) is written, and last the pointer. So a failure at any step leaves the previous production
 * model whole and the pointer naming it, and a rerun starts a fresh version.
 *
 * <p>A challenger must beat the champion's value by more than {@code minDelta} under the metric's goal, on the same
 * metric measured the same way: when both record how their metric was measured ({@link MetricDefinition}: source,
 * evaluator, maxDets) and the two differ, the promotion is refused with {@link MeasuredDifferentlyException}, since
 * the numbers cannot be compared (a champion promoted before definitions were recorded is compared by value alone).
 * {@code force} skips the gate, and the outcome says what it overrode.
 *
 * <h2>Promotions at once</h2>
 * The gate and the pointer write are one atomic step, a compare-and-set: every promotion is a generation, an object
 * {@code production/history/NNNNNNNNNN.json} (the pointer, numbered) created with {@link ArtifactStore#putIfAbsent}
 * as the generation after the champion it was compared with. Of two promotions that compared with the same champion,
 * one creates the next generation; the other finds it taken, compares with the new champion, and either tries the
 * generation after (it is still better) or gives up. The champion is the newest generation (where there is none
 * yet, as in a store promoted to before generations existed, {@code CURRENT.json}). {@code production/CURRENT.json}
 * is the published copy of the champion that readers use: after creating its generation a promotion writes it, then
 * reads the newest generation again and rewrites it until the two agree, so the last writer always leaves the
 * newest generation there, whatever the order in which racing promotions finish.
 *
 * <h2>A broken pointer</h2>
 * A champion that is not whole ({@link ProductionPointer}: empty, not an object, no numeric value, or naming a
 * version that is gone) is not compared with: the promotion fails with what is wrong, changing nothing, and
 * {@code force} replaces it.
 */
public final class Promotion {
  public static final String POINTER = "production/CURRENT.json";
  /** Where each generation's pointer is kept. */
  public static final String HISTORY = "production/history/";
  private static final java.util.regex.Pattern GENERATION = java.util.regex.Pattern.compile("(\\d{10})\\.json");
  /** How many concurrent promotions one may lose to before it gives up. */
  private static final int MAX_RACES = 50;

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
   * @param manifestSha256 the SHA-256 of that directory's manifest as the sweep recorded it when it synced it, or
   *     null when not recorded (a sweep of an earlier release): the files promoted must be those
   */
  public record Candidate(String sweep, String trial, String metric, Goal goal, double value, String source,
      String manifestSha256, MetricDefinition definition) {
    public Candidate {
      definition = definition == null ? MetricDefinition.UNKNOWN : definition;
    }

    public Candidate(String sweep, String trial, String metric, Goal goal, double value, String source,
        String manifestSha256) {
      this(sweep, trial, metric, goal, value, source, manifestSha256, null);
    }

    public Candidate(String sweep, String trial, String metric, Goal goal, double value, String source) {
      this(sweep, trial, metric, goal, value, source, null, null);
    }
  }

  /**
   * Thrown when the champion's metric was measured differently from the challenger's and the promotion was not
   * forced; nothing was changed.
   */
  public static final class MeasuredDifferentlyException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Double championValue;

    MeasuredDifferentlyException(String message, Double championValue) {
      super(message);
      this.championValue = championValue;
    }

    public Double championValue() {
      return championValue;
    }
  }

  /** What happened: promoted or not, why, the version written and the value it was compared with. */
  public record Outcome(boolean promoted, String message, String version, Double previousValue) {}

  /** Thrown when the champion's pointer is broken and the promotion was not forced; nothing was changed. */
  public static final class BrokenPointerException extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenPointerException(String message) {
      super(message);
    }
  }

  /** The published production pointer ({@code CURRENT.json}) as JSON, if there is one. */
  public Optional<JsonNode> current() throws IOException {
    Optional<byte[]> raw = store.read(POINTER);
    return raw.isEmpty() ? Optional.empty() : Optional.of(Json.mapper().readTree(raw.get()));
  }

  /**
   * The champion: the newest generation, or {@code CURRENT.json} (generation 0) where there is none.
   *
   * @param raw its bytes, or null when production is empty
   * @param pointer it, checked (null when production is empty)
   * @param where its key
   */
  private record Champion(long generation, byte[] raw, ProductionPointer pointer, String where) {
    Double value() {
      return pointer != null && pointer.whole() ? pointer.value() : null;
    }
  }

  private Champion champion() throws IOException {
    long newest = 0;
    for (String key : store.list(HISTORY)) {
      java.util.regex.Matcher m = GENERATION.matcher(key.substring(HISTORY.length()));
      if (m.matches()) {
        newest = Math.max(newest, Long.parseLong(m.group(1)));
      }
    }
    String where = newest > 0 ? generationKey(newest) : POINTER;
    Optional<byte[]> raw = store.read(where);
    if (raw.isEmpty()) {
      return new Champion(newest, null, null, where);
    }
    return new Champion(newest, raw.get(), ProductionPointer.read(raw.get(), store), where);
  }

  private static String generationKey(long generation) {
    return HISTORY + String.format("%010d", generation) + ".json";
  }

  /** Null when {@code c} may take production from {@code champion}; else why not. */
  private Outcome gate(Champion champion, Candidate c, double minDelta, boolean force) throws IOException {
    ProductionPointer p = champion.pointer();
    if (p != null && !p.whole() && !force) {
      throw new BrokenPointerException(champion.where() + " in " + store.describe() + " is broken: " + p.broken()
          + "; `sweep best --promote --force` replaces it");
    }
    if (force || p == null) {
      return null;
    }
    if (!p.metric().equals(c.metric())) {
      return new Outcome(false, "not promoted: production holds a model scored by " + p.metric() + ", not "
          + c.metric() + "; use --force to replace it", null, p.value());
    }
    MetricDefinition theirs = p.definition();
    if (!theirs.unknown() && !c.definition().unknown() && !theirs.sameAs(c.definition())) {
      throw new MeasuredDifferentlyException("production's " + p.metric() + "=" + p.value() + " (trial "
          + p.json().path("trial").asText() + " of " + p.json().path("sweep").asText() + ") was measured by "
          + theirs.describe() + ", this sweep's by " + c.definition().describe() + ": the numbers are not"
          + " comparable; `sweep best --promote --force` replaces it anyway", p.value());
    }
    double gain = c.goal() == Goal.MAXIMIZE ? c.value() - p.value() : p.value() - c.value();
    if (!(gain > minDelta)) {
      return new Outcome(false, String.format("not promoted: %s=%s does not beat production's %s by more than"
          + " min_delta %s (trial %s of %s)", c.metric(), c.value(), p.value(), minDelta,
          p.json().path("trial").asText(), p.json().path("sweep").asText()), null, p.value());
    }
    return null;
  }

  public Outcome promote(Candidate c, double minDelta, boolean force) throws IOException {
    Champion champion = champion();
    Outcome refused = gate(champion, c, minDelta, force);
    if (refused != null) {
      return refused;
    }
    Instant now = clock.instant();
    String version = ArtifactStore.segment(c.sweep() + "-" + c.trial() + "-" + now.toEpochMilli());
    String prefix = "production/versions/" + version + "/";
    Manifest copied = copyVersion(c, prefix);
    ObjectNode pointer = Json.mapper().createObjectNode();
    pointer.put("sweep", c.sweep()).put("trial", c.trial()).put("metric", c.metric()).put("goal", c.goal().word())
        .put("value", c.value()).put("version", version).put("path", prefix)
        .put("manifest", prefix + Manifest.NAME).put("source", c.source()).put("promoted_at", now.toString());
    pointer.set("metric_definition", c.definition().toJson());
    if (copied.files().stream().anyMatch(e -> e.path().equals(ProvenanceFile.NAME))) {
      pointer.put("provenance", prefix + ProvenanceFile.NAME); // absent for a best/ published before the file
    }
    for (int lost = 0; ; lost++) {
      Double previous = champion.value();
      long generation = champion.generation() + 1;
      pointer.put("generation", generation);
      if (store.putIfAbsent(generationKey(generation), Json.pretty(pointer).getBytes(StandardCharsets.UTF_8))) {
        publish();
        String how = previous == null ? (champion.pointer() == null ? "first production model"
            : "replaces a broken pointer: " + champion.pointer().broken()) : "beats " + previous;
        if (force && champion.pointer() != null && champion.pointer().whole()
            && !champion.pointer().definition().unknown() && !c.definition().unknown()
            && !champion.pointer().definition().sameAs(c.definition())) {
          how += ", which was measured by " + champion.pointer().definition().describe() + ", this by "
              + c.definition().describe();
        }
        return new Outcome(true, "promoted " + c.sweep() + " trial " + c.trial() + " (" + c.metric() + "="
            + c.value() + ", " + how + (force ? ", forced" : "") + ") as " + version + " in " + store.describe()
            + (lost > 0 ? " (after " + lost + " concurrent promotion" + (lost > 1 ? "s" : "") + ")" : ""),
            version, previous);
      }
      if (lost == MAX_RACES) {
        throw new IOException("gave up after losing " + MAX_RACES + " races with concurrent promotions to "
            + store.describe() + "; production is theirs");
      }
      champion = champion(); // another promotion took that generation: compare with what it promoted
      refused = gate(champion, c, minDelta, force);
      if (refused != null) {
        return new Outcome(false, refused.message() + " (it was promoted while this promotion ran)", null,
            refused.previousValue());
      }
    }
  }

  /**
   * Copies the candidate's model files to {@code prefix}, checks their sizes, and writes the version's manifest,
   * which it returns.
   */
  private Manifest copyVersion(Candidate c, String prefix) throws IOException {
    String sourceManifest = c.source() + "/" + Manifest.NAME;
    byte[] raw = store.read(sourceManifest).orElseThrow(() -> new IOException("no manifest at " + store.describe()
        + "/" + sourceManifest + ": the checkpoint was not synced whole; `sweep run --resume` finishes the sync"));
    if (c.manifestSha256() != null && !c.manifestSha256().equals(Checksums.sha256(raw))) {
      throw new IOException(store.describe() + "/" + c.source() + " is not the checkpoint sweep '" + c.sweep()
          + "' synced (its manifest's SHA-256 is " + Checksums.sha256(raw).substring(0, 12) + ", the database"
          + " recorded " + c.manifestSha256().substring(0, 12) + "): another sweep of that name wrote over it");
    }
    Manifest synced = Manifest.parse(raw).orElseThrow(() -> new IOException("the manifest at " + store.describe()
        + "/" + sourceManifest + " is not readable"));
    Manifest manifest = new Manifest(synced.files().stream().filter(e -> !TrainingStateFiles.excluded(e.path()))
        .toList());
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
    return manifest;
  }

  /**
   * Writes the newest generation to {@code CURRENT.json}, and again while a newer one appears: whichever promotion
   * writes it last has read the newest generation after its own write, so it leaves the newest there.
   */
  private void publish() throws IOException {
    byte[] written = null;
    for (int round = 0; round <= MAX_RACES; round++) {
      Champion newest = champion();
      if (written != null && java.util.Arrays.equals(written, newest.raw())) {
        return;
      }
      store.putBytes(POINTER, newest.raw());
      written = newest.raw();
    }
  }
}
