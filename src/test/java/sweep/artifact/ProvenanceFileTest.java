package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.Goal;
import sweep.store.DataSnapshot;
import sweep.store.Phase;
import sweep.store.Provenance;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;
import sweep.util.Secrets;

/** provenance.json holds what makes a model again and no credential's value, however it got into the record. */
class ProvenanceFileTest {
  @TempDir Path dir;

  @AfterEach
  void forget() {
    Secrets.install(Secrets.of(Map.of(), java.util.List.of()));
  }

  @Test
  void aCredentialInTheEnvironmentOrInADataSourceUrlIsNeverWritten() throws Exception {
    Secrets.install(Secrets.of(Map.of("HUB_TOKEN", "plantedHubToken0004"), java.util.List.of()));
    Instant t0 = Instant.parse("2026-12-01T02:15:00Z");
    SweepRecord s = new SweepRecord(1, "night", "a.yaml", "h", "{}", "val_f1", Goal.MAXIMIZE, SweepState.COMPLETE,
        null, 7L, "best", t0, t0, 2, "uid", null);
    TrialRecord t = new TrialRecord(7, 1, Phase.RETRAIN, 0, TrialState.COMPLETE, null, Map.of(), 42, 10, 3L, 9, 0.91,
        10, 10, "checkpoint-10", "checkpoint-9", "/runs/night/retrain", null, 1, t0, t0, t0, t0);
    Provenance p = new Provenance("h", 42, Map.of("learning_rate", 3e-4, "hub", "plantedHubToken0004"), "sha256:d",
        "abc+dirty", "0.1.0", "17", "Linux", Map.of("djl", "0.34.0"), 4);
    DataSnapshot data = new DataSnapshot("https://reader:plantedPassword9@data.example/receipts.jsonl?sig="
        + "plantedSignature", null, 10, 9, "sha256:d", "none", "{}", null);
    ProvenanceFile.write(dir, s, t, p, data, Map.of("warm_start", Map.of("from", java.util.List.of("previous"),
        "weight", 0.75, "used", 12, "dropped", 1)));
    String text = Files.readString(dir.resolve(ProvenanceFile.NAME));
    assertThat(text).doesNotContain("plantedHubToken0004").doesNotContain("plantedPassword9")
        .doesNotContain("plantedSignature");
    var json = Json.tree(text);
    assertThat(json.path("params").path("hub").asText()).isEqualTo("***");
    assertThat(json.path("warm_start").path("used").asInt()).as("the search start comes last, as given").isEqualTo(12);
    assertThat(json.path("data_source").asText()).isEqualTo("https://***@data.example/receipts.jsonl?***");
    assertThat(json.path("trial").asInt()).isZero();
    assertThat(json.path("phase").asText()).isEqualTo("retrain");
    assertThat(json.path("cpu_threads").asInt()).isEqualTo(4);
    assertThat(json.path("djl_version").asText()).isEqualTo("0.34.0");
    assertThat(json.path("value").asDouble()).isEqualTo(0.91);
    assertThat(json.path("epoch").asInt()).isEqualTo(9);
  }
}
