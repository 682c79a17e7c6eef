package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.Goal;
import sweep.util.Json;

class PromotionTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-21T03:00:00Z"), ZoneOffset.UTC);

  LocalArtifactStore store;

  @org.junit.jupiter.api.BeforeEach
  void open() {
    store = new LocalArtifactStore(dir.resolve("a"));
  }

  /** A best checkpoint synced into the store, as a sweep leaves it; returns its key prefix. */
  private String checkpoint(String name, String content) throws IOException {
    Path c = dir.resolve(name);
    Files.createDirectories(c.resolve("sub"));
    Files.writeString(c.resolve("model.safetensors"), content);
    Files.writeString(c.resolve("sub/config.json"), "{}");
    new DirectorySync(store).sync(c, "runs/" + name + "/best");
    return "runs/" + name + "/best";
  }

  private Promotion.Candidate candidate(String sweep, double value, String checkpoint) {
    return new Promotion.Candidate(sweep, "retrain", "val_f1", Goal.MAXIMIZE, value, checkpoint);
  }

  private Promotion.Candidate measured(String sweep, double value, String checkpoint, String evaluator, int maxDets) {
    return new Promotion.Candidate(sweep, "retrain", "map", Goal.MAXIMIZE, value, checkpoint, null,
        new sweep.spec.MetricDefinition("log.txt: ema_test_coco_eval_bbox[0]", evaluator, maxDets));
  }

  @Test
  void aChampionMeasuredDifferentlyIsNotComparedUnlessForced() throws Exception {
    Promotion p = new Promotion(store, clock);
    assertThat(p.promote(measured("rf", 0.5, checkpoint("c1", "a"), "pycocotools", 500), 0, false).promoted())
        .isTrue();
    assertThat(p.current().orElseThrow().path("metric_definition").path("max_dets").asInt()).isEqualTo(500);
    // the same definition: compared by value
    assertThat(p.promote(measured("rf2", 0.4, checkpoint("c2", "b"), "pycocotools", 500), 0, false).promoted())
        .isFalse();
    // maxDets 100 against production's 500: not comparable, whatever the values say
    assertThatThrownBy(() -> p.promote(measured("own", 0.9, checkpoint("c3", "c"), "pycocotools", 100), 0, false))
        .isInstanceOf(Promotion.MeasuredDifferentlyException.class)
        .hasMessage("production's map=0.5 (trial retrain of rf) was measured by source log.txt: "
            + "ema_test_coco_eval_bbox[0], evaluator pycocotools, maxDets 500, this sweep's by source log.txt: "
            + "ema_test_coco_eval_bbox[0], evaluator pycocotools, maxDets 100: the numbers are not comparable; "
            + "`sweep best --promote --force` replaces it anyway");
    assertThat(p.current().orElseThrow().path("sweep").asText()).isEqualTo("rf");
    Promotion.Outcome forced = p.promote(measured("own", 0.3, checkpoint("c4", "d"), "pycocotools", 100), 0, true);
    assertThat(forced.promoted()).isTrue();
    assertThat(forced.message()).contains("forced").contains("which was measured by").contains("maxDets 500");
    assertThat(p.current().orElseThrow().path("metric_definition").path("max_dets").asInt()).isEqualTo(100);
  }

  @Test
  void aChampionWithoutADefinitionIsComparedByValue() throws Exception {
    Promotion p = new Promotion(store, clock);
    assertThat(p.promote(new Promotion.Candidate("old", "retrain", "map", Goal.MAXIMIZE, 0.5, checkpoint("c1", "a")),
        0, false).promoted()).isTrue();
    assertThat(p.promote(measured("new", 0.6, checkpoint("c2", "b"), "pycocotools", 100), 0, false).promoted())
        .isTrue();
  }

  @Test
  void theFirstModelIsPromotedWithAManifestAndThePointerLast() throws Exception {
    Promotion p = new Promotion(store, clock);
    Promotion.Outcome o = p.promote(candidate("night-1", 0.9, checkpoint("c1", "weights-1")), 0, false);
    assertThat(o.promoted()).isTrue();
    JsonNode pointer = p.current().orElseThrow();
    assertThat(pointer.path("sweep").asText()).isEqualTo("night-1");
    assertThat(pointer.path("value").asDouble()).isEqualTo(0.9);
    String prefix = pointer.path("path").asText();
    assertThat(new String(store.read(prefix + "model.safetensors").orElseThrow())).isEqualTo("weights-1");
    JsonNode manifest = Json.mapper().readTree(store.read(pointer.path("manifest").asText()).orElseThrow());
    assertThat(manifest.path("files")).hasSize(2);
    JsonNode model = manifest.path("files").get(0);
    assertThat(model.path("path").asText()).isEqualTo("model.safetensors");
    assertThat(model.path("size").asLong()).isEqualTo(9);
    // sha256("weights-1"), computed independently
    assertThat(model.path("sha256").asText()).isEqualTo(sweep.spec.SpecLoader.sha256("weights-1"));
  }

  @Test
  void aVersionGetsTheModelFilesNotTheOptimizerStateEvenFromABestThatStillHoldsIt() throws Exception {
    Path c = dir.resolve("old-best");
    Files.createDirectories(c);
    for (String f : List.of("model.safetensors", "config.json", "optimizer.safetensors", "training_state.json",
        "optimizer.pt", "scheduler.pt", "scaler.pt", "rng_state.pth", "rng_state_3.pth")) {
      Files.writeString(c.resolve(f), f);
    }
    new DirectorySync(store).sync(c, "runs/old/best");
    Promotion p = new Promotion(store, clock);
    assertThat(p.promote(candidate("old", 0.9, "runs/old/best"), 0, false).promoted()).isTrue();
    String prefix = p.current().orElseThrow().path("path").asText();
    assertThat(store.objects(prefix)).extracting(o -> o.key().substring(prefix.length()))
        .containsExactlyInAnyOrder("model.safetensors", "config.json", Manifest.NAME);
    Manifest version = Manifest.parse(store.read(prefix + Manifest.NAME).orElseThrow()).orElseThrow();
    assertThat(version.byPath()).containsOnlyKeys("config.json", "model.safetensors");
  }

  @Test
  void thePointerNamesTheVersionsProvenanceAndAPointerOfThePreviousReleaseWithoutItStillReads() throws Exception {
    Path c = dir.resolve("with-provenance");
    Files.createDirectories(c);
    Files.writeString(c.resolve("model.safetensors"), "weights");
    Files.writeString(c.resolve(ProvenanceFile.NAME), "{\"sweep\": \"night-1\", \"trial\": 3}");
    new DirectorySync(store).sync(c, "runs/night-1/best");
    // production as the previous release wrote it: a whole pointer without the "provenance" key, for a model
    // published without provenance.json
    Promotion p = new Promotion(store, clock);
    assertThat(p.promote(candidate("old", 0.5, checkpoint("c0", "old-weights")), 0, false).promoted()).isTrue();
    ObjectNode old = (ObjectNode) p.current().orElseThrow();
    assertThat(old.has("provenance")).isFalse();
    assertThat(ProductionPointer.read(Json.pretty(old).getBytes(java.nio.charset.StandardCharsets.UTF_8), store)
        .whole()).isTrue();

    Promotion.Outcome o = p.promote(candidate("night-1", 0.9, "runs/night-1/best"), 0, false);
    assertThat(o.promoted()).as(o.message()).isTrue();
    JsonNode pointer = p.current().orElseThrow();
    String prefix = pointer.path("path").asText();
    assertThat(pointer.path("provenance").asText()).isEqualTo(prefix + ProvenanceFile.NAME);
    assertThat(Json.tree(new String(store.read(pointer.path("provenance").asText()).orElseThrow(),
        java.nio.charset.StandardCharsets.UTF_8)).path("trial").asInt()).isEqualTo(3);
  }

  @Test
  void aChallengerMustBeatProductionByMoreThanMinDelta() throws Exception {
    Promotion p = new Promotion(store, clock);
    p.promote(candidate("n1", 0.90, checkpoint("c1", "1")), 0, false);
    Promotion.Outcome worse = p.promote(candidate("n2", 0.89, checkpoint("c2", "2")), 0, false);
    assertThat(worse.promoted()).isFalse();
    assertThat(worse.message()).contains("does not beat production's 0.9");
    Promotion.Outcome tooLittle = p.promote(candidate("n3", 0.905, checkpoint("c3", "3")), 0.01, false);
    assertThat(tooLittle.promoted()).isFalse();
    assertThat(p.current().orElseThrow().path("sweep").asText()).isEqualTo("n1");
    Promotion.Outcome better = p.promote(candidate("n4", 0.92, checkpoint("c4", "4")), 0.01, false);
    assertThat(better.promoted()).isTrue();
    assertThat(better.previousValue()).isEqualTo(0.90);
    assertThat(p.current().orElseThrow().path("sweep").asText()).isEqualTo("n4");
    Promotion.Outcome forced = p.promote(candidate("n5", 0.5, checkpoint("c5", "5")), 0, true);
    assertThat(forced.promoted()).isTrue();
  }

  @Test
  void minimizingMetricsAndAnotherMetricInProduction() throws Exception {
    Promotion p = new Promotion(store, clock);
    String c = checkpoint("c", "x");
    p.promote(new Promotion.Candidate("n1", "retrain", "val_loss", Goal.MINIMIZE, 0.3, c), 0, false);
    assertThat(p.promote(new Promotion.Candidate("n2", "retrain", "val_loss", Goal.MINIMIZE, 0.35, c), 0, false)
        .promoted()).isFalse();
    assertThat(p.promote(new Promotion.Candidate("n3", "retrain", "val_loss", Goal.MINIMIZE, 0.2, c), 0, false)
        .promoted()).isTrue();
    Promotion.Outcome other = p.promote(candidate("n4", 0.99, c), 0, false);
    assertThat(other.promoted()).isFalse();
    assertThat(other.message()).contains("scored by val_loss");
  }

  @Test
  void aFailureHalfwayLeavesTheOldProductionModelWholeAndNamed() throws Exception {
    LocalArtifactStore real = store;
    new Promotion(real, clock).promote(candidate("n1", 0.9, checkpoint("c1", "old")), 0, false);
    String next = checkpoint("c2", "new");
    ArtifactStore failing = new sweep.testing.ForwardingArtifactStore(real) {
      int copies;

      @Override
      public void copy(String from, String to) throws IOException {
        if (++copies == 2) {
          throw new IOException("connection reset");
        }
        real.copy(from, to);
      }
    };
    assertThatThrownBy(() -> new Promotion(failing, clock).promote(candidate("n2", 0.95, next), 0, false))
        .hasMessageContaining("connection reset");
    Promotion p = new Promotion(real, clock);
    JsonNode pointer = p.current().orElseThrow();
    assertThat(pointer.path("sweep").asText()).isEqualTo("n1");
    assertThat(new String(real.read(pointer.path("path").asText() + "model.safetensors").orElseThrow()))
        .isEqualTo("old");
    assertThat(new Promotion(real, clock).promote(candidate("n2", 0.95, next), 0, false)
        .promoted()).as("a rerun succeeds").isTrue();
  }

  @Test
  void aCheckpointThatWasNotSyncedWholeIsNotPromoted() throws Exception {
    Files.createDirectories(dir.resolve("a/runs/half/best"));
    Files.writeString(dir.resolve("a/runs/half/best/model.safetensors"), "partial");
    assertThatThrownBy(() -> new Promotion(store, clock).promote(candidate("half", 0.9, "runs/half/best"), 0, false))
        .hasMessageContaining("no manifest");
    assertThat(new Promotion(store, clock).current()).isEmpty();
  }

  @Test
  void keysThatCouldEscapeAreRefused() {
    for (String bad : new String[] {"", "/abs", "a/../b", "a//b", "a/", "..", "a/\u0001b"}) {
      assertThatThrownBy(() -> ArtifactStore.checkKey(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ArtifactStore.checkKey("production/versions/n1-retrain-1/model.safetensors")).isNotBlank();
    for (String name : new String[] {"..", ".", "", "a/b", "../etc", "x\u0000y", "a\\b", "night-1"}) {
      String seg = ArtifactStore.segment(name);
      assertThat(ArtifactStore.checkKey("runs/" + seg + "/best")).as(name).isEqualTo("runs/" + seg + "/best");
    }
    assertThat(ArtifactStore.segment("night-1")).isEqualTo("night-1");
    assertThat(ArtifactStore.segment("../etc")).isEqualTo(".._etc");
  }

  /** Every way a production pointer can be broken, as the store holds it; a valid one for reference. */
  static java.util.Map<String, String> brokenPointers() {
    java.util.Map<String, String> shapes = new java.util.LinkedHashMap<>();
    shapes.put("", "it is empty");
    shapes.put("  \n", "it is empty");
    shapes.put("null", "it is null, not an object");
    shapes.put("[]", "it is a list, not an object");
    shapes.put("\"champion\"", "it is a string, not an object");
    shapes.put("{not json", "it is not JSON");
    shapes.put("{}", "it names no metric");
    shapes.put("{\"metric\": \"val_f1\", \"version\": \"v1\"}", "its value is missing");
    shapes.put("{\"metric\": \"val_f1\", \"value\": \"high\", \"version\": \"v1\"}",
        "its value is not a finite number (\"high\")");
    shapes.put("{\"metric\": \"val_f1\", \"value\": null, \"version\": \"v1\"}", "its value is not a finite number");
    shapes.put("{\"metric\": \"val_f1\", \"value\": 0.5}", "it names no version");
    shapes.put("{\"metric\": \"val_f1\", \"value\": 0.5, \"version\": \"gone\", \"manifest\":"
        + " \"production/versions/gone/manifest.json\"}", "the version it names, gone, is gone");
    shapes.put("{\"metric\": \"val_f1\", \"value\": 0.5, \"version\": \"x\", \"manifest\": \"../../etc/passwd\"}",
        "its manifest '../../etc/passwd' is not a key of the store");
    return shapes;
  }

  @Test
  void aBrokenPointerIsRefusedChangingNothingAndForceReplacesIt() throws Exception {
    int n = 0;
    for (var shape : brokenPointers().entrySet()) {
      LocalArtifactStore s = new LocalArtifactStore(dir.resolve("broken-" + n));
      store = s;
      String source = checkpoint("b" + n, "weights-" + n);
      byte[] pointer = shape.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      s.putBytes(Promotion.POINTER, pointer);
      Promotion p = new Promotion(s, clock);

      assertThatThrownBy(() -> p.promote(candidate("night", 0.9, source), 0, false)).as("pointer '%s'", shape.getKey())
          .isInstanceOf(Promotion.BrokenPointerException.class)
          .hasMessageContaining("production/CURRENT.json in " + s.describe() + " is broken: " + shape.getValue())
          .hasMessageContaining("--force");
      assertThat(s.read(Promotion.POINTER)).as("pointer '%s' unchanged", shape.getKey())
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(pointer));
      assertThat(s.objects("production/")).extracting(StoredObject::key).as("nothing written")
          .containsExactly(Promotion.POINTER);

      Promotion.Outcome forced = p.promote(candidate("night", 0.9, source), 0, true);
      assertThat(forced.promoted()).isTrue();
      assertThat(forced.message()).contains("replaces a broken pointer: " + shape.getValue()).contains("forced");
      assertThat(p.current().orElseThrow().path("value").asDouble()).isEqualTo(0.9);
      assertThat(p.promote(candidate("night", 0.95, source), 0, false).promoted())
          .as("after --force, promotions compare with the model it put there").isTrue();
      n++;
    }
  }

  @Test
  void aPointerWrittenBeforeGenerationsIsTheChampionUntilTheFirstGeneration() throws Exception {
    String source = checkpoint("legacy", "weights");
    Promotion p = new Promotion(store, clock);
    assertThat(p.promote(candidate("old-night", 0.8, source), 0, false).promoted()).isTrue();
    // as an earlier release left it: CURRENT.json alone, no generation in it, no history
    ObjectNode legacy = (ObjectNode) p.current().orElseThrow();
    legacy.remove("generation");
    for (String key : store.list(Promotion.HISTORY)) {
      Files.delete(store.localPath(key).orElseThrow());
    }
    store.putBytes(Promotion.POINTER, Json.pretty(legacy).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Promotion.Outcome worse = p.promote(candidate("night", 0.7, source), 0, false);
    assertThat(worse.promoted()).isFalse();
    assertThat(worse.previousValue()).isEqualTo(0.8);
    Promotion.Outcome better = p.promote(candidate("night", 0.85, source), 0, false);
    assertThat(better.promoted()).isTrue();
    assertThat(better.previousValue()).isEqualTo(0.8);
    assertThat(store.list(Promotion.HISTORY)).containsExactly(Promotion.HISTORY + "0000000001.json");
    assertThat(p.current().orElseThrow().path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void racingPromotionsInOneStoreLeaveTheBestModelInProduction() throws Exception {
    String source = checkpoint("race", "weights");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        LocalArtifactStore s = new LocalArtifactStore(dir.resolve("a"));
        for (String key : s.list("production/")) {
          Files.delete(s.localPath(key).orElseThrow());
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Promotion.Outcome>> calls = new java.util.ArrayList<>();
        for (double value : new double[] {0.7, 0.9, 0.8, 0.6}) {
          calls.add(pool.submit(() -> {
            go.await();
            return new Promotion(s, clock).promote(candidate("v" + value, value, source), 0, false);
          }));
        }
        go.countDown();
        for (var call : calls) {
          call.get();
        }
        Promotion p = new Promotion(s, clock);
        assertThat(p.current().orElseThrow().path("value").asDouble()).as("round %d", round).isEqualTo(0.9);
        List<String> history = s.list(Promotion.HISTORY);
        JsonNode newest = Json.mapper().readTree(s.read(history.get(history.size() - 1)).orElseThrow());
        assertThat(newest.path("value").asDouble()).isEqualTo(0.9);
        double last = Double.NEGATIVE_INFINITY;
        for (String key : history) { // each generation beat the one before
          double v = Json.mapper().readTree(s.read(key).orElseThrow()).path("value").asDouble();
          assertThat(v).as("round %d, %s", round, key).isGreaterThan(last);
          last = v;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
