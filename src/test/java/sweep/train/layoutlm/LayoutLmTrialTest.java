package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.protocol.EventCodec;
import sweep.protocol.TrialEvent;
import sweep.testing.Cli;
import sweep.util.Json;

/** The token-classification task through the orchestrator and through the trial protocol itself. */
class LayoutLmTrialTest {
  @TempDir Path dir;

  static final String SPEC = """
      name: tiny
      task: token-classification
      model:
        config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
        max_seq_length: 24
      data: {source: synthetic, receipts: 40, seed: 3}
      method: grid
      metric: {name: val_f1, goal: maximize}
      parameters:
        learning_rate: {values: [0.003]}
        per_device_train_batch_size: {value: 16}
        gradient_accumulation_steps: {value: 2}
        warmup_ratio: {value: 0.1}
        weight_decay: {value: 0.01}
        label_smoothing_factor: {value: 0.05}
        max_grad_norm: {value: 1.0}
      trial: {epochs: 3}
      """;

  @Test
  void aSweepTrainsRecordsAndPublishesAHuggingFaceCheckpoint() throws Exception {
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, SPEC + "runs_dir: " + dir.resolve("runs") + "\n");
    Cli.Result r = Cli.run("run", spec.toString(), "--db", dir.resolve("s.db").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode t = Json.tree(Cli.run("trials", "--db", dir.resolve("s.db").toString(), "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("COMPLETE");
    assertThat(t.path("best_value").asDouble()).isGreaterThan(0.0);
    Path best = dir.resolve("runs/tiny/best");
    for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "classification_report.txt", "trainer_state.json")) {
      assertThat(best.resolve(f)).as(f).exists();
    }
    for (String f : List.of("optimizer.safetensors", "training_state.json")) {
      assertThat(best.resolve(f)).as("best/ leaves out the training state " + f).doesNotExist();
    }
    // global_step counts optimizer steps, as the checkpoint of the same epoch recorded them for resuming.
    Path trialDir = dir.resolve("runs/tiny/trial-0000");
    JsonNode trainerState = Json.tree(Files.readString(trialDir.resolve("trainer_state.json")));
    int lastEpoch = trainerState.path("epoch").asInt();
    JsonNode resumeState = Json.tree(Files.readString(trialDir.resolve("checkpoint-" + lastEpoch
        + "/training_state.json")));
    assertThat(trainerState.path("global_step").asLong()).isEqualTo(resumeState.path("optimizer_step").asLong())
        .isGreaterThan(lastEpoch);
    JsonNode bestState = Json.tree(Files.readString(best.resolve("trainer_state.json")));
    JsonNode bestCheckpointState = Json.tree(Files.readString(trialDir.resolve(trainerState
        .path("best_model_checkpoint").asText()).resolve("training_state.json")));
    assertThat(bestState.path("global_step").asLong()).isEqualTo(bestCheckpointState.path("optimizer_step").asLong());
    JsonNode config = Json.tree(Files.readString(best.resolve("config.json")));
    assertThat(config.path("model_type").asText()).isEqualTo("layoutlm");
    assertThat(config.path("id2label").path("0").asText()).isEqualTo("O");
    assertThat(config.path("label2id").size()).isEqualTo(17);
    // save_total_limit with the best kept: at most the best and the latest checkpoint remain.
    try (var files = Files.list(dir.resolve("runs/tiny/trial-0000"))) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).count()).isBetween(1L, 2L);
    }
    assertThat(Files.readString(dir.resolve("runs/tiny/trial-0000/classification_report.txt")))
        .contains("micro avg").contains("TOTAL");

    // The published checkpoint is a pretrained model for the next sweep (weights, config and tokenizer from it).
    Path finetune = dir.resolve("finetune.yaml");
    Files.writeString(finetune, SPEC.replace("name: tiny", "name: finetune")
        .replace("  config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}\n",
            "  pretrained: " + best + "\n").replace("trial: {epochs: 3}", "trial: {epochs: 1}")
        + "runs_dir: " + dir.resolve("runs") + "\n");
    Cli.Result again = Cli.run("run", finetune.toString(), "--db", dir.resolve("s.db").toString());
    assertThat(again.code()).as(again.toString()).isZero();
    JsonNode tuned = Json.tree(Cli.run("best", "finetune", "--db", dir.resolve("s.db").toString(), "--json").out());
    assertThat(tuned.path("value").asDouble()).as("starts from the trained weights")
        .isGreaterThanOrEqualTo(t.path("best_value").asDouble() - 0.05);
  }

  @Test
  void trainsFromAJsonlFileWithBadRowsCountedAndSkipped() throws Exception {
    Path data = dir.resolve("lines.jsonl");
    sweep.data.JsonlLines.write(data, sweep.data.SyntheticReceipts.generate(5, 30));
    Files.writeString(data, Files.readString(data)
        + "{\"receipt_id\": \"bad\", \"line_id\": \"1\", \"words\": [\"A\"], \"boxes\": [[0, 0, 2000, 10]],"
        + " \"labels\": [\"O\"]}\n"
        + "{\"receipt_id\": \"bad\", \"line_id\": \"2\", \"words\": [\"A\", \"B\"], \"boxes\": [[0, 0, 1, 1]],"
        + " \"labels\": [\"O\", \"O\"]}\n");
    Path spec = dir.resolve("file.yaml");
    Files.writeString(spec, SPEC.replace("data: {source: synthetic, receipts: 40, seed: 3}",
        "data: {source: \"file:" + data + "\", seed: 3}").replace("trial: {epochs: 3}", "trial: {epochs: 1}")
        + "runs_dir: " + dir.resolve("runs") + "\n");
    Cli.Result r = Cli.run("run", spec.toString(), "--db", dir.resolve("s.db").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    String log = Files.readString(dir.resolve("runs/tiny/trial-0000/trial.log"));
    assertThat(log).contains("box_out_of_range").contains("length_mismatch");
  }

  @Test
  void aTrialResumedFromItsCheckpointContinuesTheSameCurve() throws Exception {
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, SPEC + "runs_dir: " + dir.resolve("runs") + "\n");
    Cli.Result plan = Cli.run("run", spec.toString(), "--db", dir.resolve("s.db").toString(), "--dry-run");
    assertThat(plan.code()).isZero();
    sweep.spec.SweepSpec s = new sweep.spec.SpecLoader(Map.of(), sweep.train.TaskTypes.all()).load(spec);
    Map<String, Object> params = new sweep.search.SearchSpace(s).complete(Map.of("learning_rate", 0.003));
    Path whole = trialDir("whole");
    Path parts = trialDir("parts");
    Map<Integer, Map<String, Double>> uninterrupted = runTrial(s, params, whole, null, 0, 99, null, null);
    Map<Integer, Map<String, Double>> first = runTrial(s, params, parts, null, 0, 2, null, null);
    assertThat(first).containsOnlyKeys(1, 2);
    assertThat(parts.resolve("checkpoint-2/optimizer.safetensors")).exists();
    int bestEpoch = first.get(1).get("val_f1") > first.get(2).get("val_f1") ? 1 : 2;
    double bestValue = first.get(bestEpoch).get("val_f1");
    Map<Integer, Map<String, Double>> rest = runTrial(s, params, parts, "checkpoint-2", 2, 99, bestEpoch, bestValue);
    assertThat(rest).containsOnlyKeys(3);
    int bestOverall = rest.get(3).get("val_f1") > bestValue ? 3 : bestEpoch;
    try (var files = Files.list(parts)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")))
          .as("the best (from before the resume, if it still is) and the latest are kept")
          .containsExactlyInAnyOrderElementsOf(new java.util.TreeSet<>(List.of("checkpoint-" + bestOverall,
              "checkpoint-3")));
    }
    for (String m : List.of("train_loss", "val_loss", "val_f1", "learning_rate")) {
      assertThat(first.get(2).get(m)).as("epoch 2 %s", m).isCloseTo(uninterrupted.get(2).get(m), Offset.offset(1e-4));
      assertThat(rest.get(3).get(m)).as("resumed epoch 3 %s", m)
          .isCloseTo(uninterrupted.get(3).get(m), Offset.offset(2e-3));
    }
  }

  private Path trialDir(String name) throws Exception {
    return Files.createDirectories(dir.resolve(name));
  }

  /** Runs one trial process; answers continue until {@code stopAfter} epochs, then stop. */
  private Map<Integer, Map<String, Double>> runTrial(sweep.spec.SweepSpec s, Map<String, Object> params, Path trialDir,
      String resume, int resumeEpoch, int stopAfter, Integer bestEpoch, Double bestValue) throws Exception {
    sweep.protocol.TrialConfig config = new sweep.protocol.TrialConfig("tiny", 1, "search", 0, s.task(),
        s.taskConfig(), params, 42, 3, "val_f1", "maximize", trialDir.toString(), resume, resumeEpoch, 30, bestEpoch, bestValue);
    Path file = trialDir.resolve("trial.json");
    Files.writeString(file, Json.write(config));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "sweep.cli.Main", "trial", "--config", file.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(trialDir.resolve("trial.log").toFile()).start();
    Map<Integer, Map<String, Double>> epochs = new TreeMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
         OutputStream in = p.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        var e = EventCodec.decode(line);
        if (e.isPresent() && e.get() instanceof TrialEvent.Epoch ep) {
          epochs.put(ep.epoch(), ep.metrics());
          in.write((ep.epoch() >= stopAfter ? "stop\n" : "continue\n").getBytes(StandardCharsets.UTF_8));
          in.flush();
        }
      }
    }
    assertThat(p.waitFor()).as(Files.readString(trialDir.resolve("trial.log"))).isZero();
    return epochs;
  }

}
