package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.JsonlLines;
import sweep.data.SyntheticReceipts;
import sweep.store.EpochRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.testing.Cli;
import sweep.util.Json;

/**
 * {@code sweep reproduce} on a tiny LayoutLM: the trial runs again on its recorded data at its recorded thread count
 * and lands within 1e-4 of its recorded curve at every epoch; data that no longer hashes as recorded is refused
 * before anything trains.
 */
class ReproduceTokenClassificationTest {
  @TempDir Path dir;

  @Test
  void aTokenClassificationTrialIsReproducedWithinTolerance() throws Exception {
    Path data = dir.resolve("receipts.jsonl");
    JsonlLines.write(data, SyntheticReceipts.generate(5, 30));
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, """
        name: tiny
        task: token-classification
        model:
          config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
          max_seq_length: 24
        data: {source: "file:DATA", seed: 0, val_fraction: 0.25}
        method: grid
        metric: {name: val_loss, goal: minimize}
        parameters:
          learning_rate: {values: [0.003]}
          per_device_train_batch_size: {value: 16}
          warmup_ratio: {value: 0.1}
        trial: {epochs: 2}
        runs_dir: RUNS
        """.replace("DATA", data.toString()).replace("RUNS", dir.resolve("runs").toString()));
    String db = dir.resolve("s.db").toString();
    Cli.Result run = Cli.run("run", spec.toString(), "--db", db);
    assertThat(run.code()).as(run.toString()).isZero();

    Cli.Result again = Cli.run("reproduce", "0", "--db", db, "--json");
    assertThat(again.code()).as(again.toString()).isZero();
    JsonNode r = Json.tree(again.out());
    assertThat(r.path("verdict").asText()).isIn("exact", "within_tolerance");
    assertThat(r.path("tolerance").asDouble()).isEqualTo(1e-4);
    assertThat(r.path("epochs")).hasSize(2);
    assertThat(r.path("max_difference").asDouble()).isLessThanOrEqualTo(1e-4);
    assertThat(r.path("differences")).as("same commit, versions, data and threads").isEmpty();
    // every number the epochs reported (but their time) within the tolerance too
    double worst = 0;
    try (Store store = SqliteStore.openReadOnly(Path.of(db), Clock.systemUTC())) {
      List<EpochRecord> recorded = store.epochs(store.trials(store.sweep("tiny").orElseThrow().id()).get(0).id());
      List<EpochRecord> rerun = store.epochs(store.trials(store.sweep("tiny-reproduce-0-1").orElseThrow().id())
          .get(0).id());
      assertThat(rerun).hasSameSizeAs(recorded);
      for (int e = 0; e < recorded.size(); e++) {
        for (Map.Entry<String, Double> m : recorded.get(e).metrics().entrySet()) {
          if (!m.getKey().equals("epoch_seconds")) {
            worst = Math.max(worst, Math.abs(rerun.get(e).metrics().get(m.getKey()) - m.getValue()));
          }
        }
      }
      assertThat(store.provenance(store.trials(store.sweep("tiny").orElseThrow().id()).get(0).id()).orElseThrow()
          .cpuThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
    assertThat(worst).isLessThanOrEqualTo(1e-4);
    System.out.println("token-classification reproduction: verdict " + r.path("verdict").asText()
        + ", max difference of val_loss " + r.path("max_difference").asDouble() + ", of any metric " + worst);

    // the data file changed since: its snapshot cannot be made again, and nothing trains
    JsonlLines.write(data, SyntheticReceipts.generate(6, 30));
    Cli.Result changed = Cli.run("reproduce", "tiny/0", "--db", db);
    assertThat(changed.code()).as(changed.toString()).isEqualTo(2);
    assertThat(changed.err()).contains("no longer reads the same").contains("restore the data as it was");
  }
}
