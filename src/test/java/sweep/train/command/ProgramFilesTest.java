package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.search.SearchSpace;
import sweep.spec.SpecException;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskTypes;

/** The command trial's file-based epochs: the spec keys, field paths, and the two metric sources. */
class ProgramFilesTest {
  @TempDir Path dir;

  private static final String BASE = """
      task: command
      command: [python3, train.py]
      metric: {name: map, goal: maximize}
      run_cap: 1
      parameters:
        learning_rate: {value: 0.001}
        per_device_train_batch_size: {values: [4, 8]}
      trial: {epochs: 2}
      """;

  private static SweepSpec parse(String extra) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("c.yaml", BASE + extra);
  }

  @Test
  void parametersAndBuiltinsFillEnvValuesAndResumeArgsComeOnlyWhenResuming() {
    SweepSpec spec = parse("""
        env: {BATCH: "${per_device_train_batch_size}", GPUS: "${num_gpus}", OUT: "${output_dir}/x"}
        resume_args: [--resume, "${resume_checkpoint}"]
        """);
    JsonNode env = spec.taskConfig().get("env");
    Map<String, String> values = Map.of("per_device_train_batch_size", "8", "num_gpus", "2", "output_dir", "/o",
        "resume_checkpoint", "");
    assertThat(Placeholders.fill(env.get("BATCH").asText(), values)).isEqualTo("8");
    assertThat(Placeholders.fill(env.get("GPUS").asText(), values)).isEqualTo("2");
    assertThat(Placeholders.fill(env.get("OUT").asText(), values)).isEqualTo("/o/x");
    assertThat(Placeholders.commandLine(spec.taskConfig(), values)).containsExactly("python3", "train.py");
    assertThat(Placeholders.commandLine(spec.taskConfig(), Map.of("resume_checkpoint", "/c/epoch-0002")))
        .containsExactly("python3", "train.py", "--resume", "/c/epoch-0002");
    assertThat(Placeholders.visibleGpus("2,3")).isEqualTo(2);
    assertThat(Placeholders.visibleGpus("")).isZero();
    assertThat(Placeholders.visibleGpus(null)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "unknown placeholder in env|env: {BATCH: \"${per_device_batch}\"}|c.yaml:9:14: env.BATCH: unknown placeholder "
          + "${per_device_batch}",
      "unknown source|metrics: {from: json}|c.yaml:9:17: metrics.from: unknown metrics source 'json'",
      "jsonl without file|metrics: {from: jsonl}|c.yaml:9:1: metrics.file: required key is missing",
      "absolute file|metrics: {from: jsonl, file: /tmp/log.txt}|c.yaml:9:30: metrics.file: a file name relative to "
          + "output_dir",
      "bad field path|metrics: {from: jsonl, file: log.txt, fields: {map: \"a[x]\"}}|c.yaml:9:53: metrics.fields.map: "
          + "'a[x]' is not a field path",
      "fields from stdout|metrics: {fields: {map: a}}|c.yaml:9:11: metrics.fields: only for metrics read from a file",
      "file for trainer_state|metrics: {from: trainer_state, file: x}|c.yaml:9:32: metrics.file: only for metrics "
          + "from jsonl",
      "first epoch out of range|metrics: {from: jsonl, file: log.txt, first_epoch: 5}|c.yaml:9:52: "
          + "metrics.first_epoch:",
      "checkpoint files with trainer_state|metrics: {from: trainer_state}\\ncheckpoint: {files: [a]}|c.yaml:10:14: "
          + "checkpoint.files: the Trainer's checkpoint-<step> directories are found by themselves",
      "checkpoint outside|checkpoint: {files: [../x]}|c.yaml:9:22: checkpoint.files[0]: a file name relative to "
          + "output_dir",
      "output_dir placeholder|output_dir: \"${output_dir}/x\"|c.yaml:9:13: output_dir: unknown placeholder "
          + "${output_dir}",
  })
  void badKeysAreOneLineErrorsAtTheirPlace(String what, String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n"))).isInstanceOf(SpecException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void gpusPerTrialIsAFactorOfAFixedProduct() {
    String yaml = """
        task: command
        command: [python3, train.py]
        metric: {name: map, goal: maximize}
        run_cap: 1
        devices: [0, 1, 2, 3]
        gpus_per_trial: 2
        parameters:
          per_device_train_batch_size: {values: [4, 8, 16]}
        fixed_products:
          effective_batch: {value: 64, factors: [per_device_train_batch_size, gpus_per_trial, gradient_accumulation_steps]}
        trial: {epochs: 2}
        """;
    SweepSpec spec = new SpecLoader(Map.of(), TaskTypes.all()).parse("c.yaml", yaml);
    SearchSpace space = new SearchSpace(spec);
    assertThat(space.searchedNames()).containsExactly("per_device_train_batch_size");
    assertThat(space.complete(Map.of("per_device_train_batch_size", 8L)))
        .containsEntry("gradient_accumulation_steps", 4L).doesNotContainKey("gpus_per_trial");
    assertThatThrownBy(() -> new SpecLoader(Map.of(), TaskTypes.all()).parse("c.yaml",
        yaml.replace("values: [4, 8, 16]", "values: [4, 8, 64]")))
        .hasMessageContaining("per_device_train_batch_size=64 x gpus_per_trial=2 does not divide 64");
    assertThatThrownBy(() -> new SpecLoader(Map.of(), TaskTypes.all()).parse("c.yaml",
        yaml.replace("gpus_per_trial, gradient_accumulation_steps]", "gpus_per_trial]")))
        .hasMessageContaining("'gpus_per_trial' is the GPUs each trial holds (a setting, not derived)");
  }

  @Test
  void fieldPaths() {
    JsonNode o = sweep.util.Json.tree("{\"a\": [0.5, {\"b\": 2}], \"c d\": 3, \"s\": \"x\"}");
    assertThat(FieldPath.parse("a[0]").number(o)).hasValue(0.5);
    assertThat(FieldPath.parse("a[1].b").number(o)).hasValue(2.0);
    assertThat(FieldPath.parse("\"c d\"").number(o)).hasValue(3.0);
    assertThat(FieldPath.parse("a[5]").number(o)).isEmpty();
    assertThat(FieldPath.parse("s").number(o)).isEmpty();
    assertThatThrownBy(() -> FieldPath.parse("[0]")).hasMessageContaining("starts with an index");
    assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessageContaining("character 2");
  }

  @Test
  void jsonLinesReadOnlyWholeNewLinesAfterTheStartAndAboveTheResumedEpoch() throws Exception {
    Path log = dir.resolve("log.txt");
    Files.writeString(log, "{\"epoch\": 0, \"m\": [0.1]}\n");
    long start = JsonLinesMetrics.startOffset(log);
    JsonLinesMetrics source = new JsonLinesMetrics(log, start, FieldPath.parse("epoch"), 0,
        Map.of("map", FieldPath.parse("m[0]")), 1);
    assertThat(source.poll()).isEmpty();
    append(log, "{\"epoch\": 1, \"m\": [0.2], \"loss\": 3}\nnoise\n{\"epoch\": 2, \"m\": [0.3]");
    List<ProgramEpoch> first = source.poll(); // the program's epoch 1 (counted from 0) is epoch 2
    assertThat(first).extracting(ProgramEpoch::epoch).containsExactly(2);
    assertThat(first.get(0).metrics()).containsEntry("map", 0.2).containsEntry("loss", 3.0);
    assertThat(source.poll()).isEmpty(); // a line without its newline waits
    append(log, "}\n");
    List<ProgramEpoch> second = source.poll();
    assertThat(second).extracting(ProgramEpoch::epoch).containsExactly(3);
    assertThat(second.get(0).metrics()).containsEntry("map", 0.3).doesNotContainKey("epoch");
  }

  @Test
  void trainerStatesWrittenBeforeTheAttemptAreNotReadAndHalfWrittenOnesWait() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("checkpoint-4"));
    Files.writeString(out.resolve("checkpoint-4/trainer_state.json"), state(4, 1.0, 0.1));
    FileTime start = FileTime.fromMillis(System.currentTimeMillis() + 1000);
    Files.setLastModifiedTime(out.resolve("checkpoint-4/trainer_state.json"), FileTime.fromMillis(0));
    TrainerStateMetrics source = new TrainerStateMetrics(out, start, Map.of("map", FieldPath.parse("eval_map")), 0);
    assertThat(source.poll()).isEmpty();
    Files.createDirectories(out.resolve("checkpoint-8"));
    Files.writeString(out.resolve("checkpoint-8/trainer_state.json"), state(8, 2.0, 0.3).substring(0, 40));
    Files.setLastModifiedTime(out.resolve("checkpoint-8/trainer_state.json"), FileTime.fromMillis(
        System.currentTimeMillis() + 2000));
    assertThat(source.poll()).isEmpty();
    Files.writeString(out.resolve("checkpoint-8/trainer_state.json"), state(8, 2.0, 0.3));
    Files.setLastModifiedTime(out.resolve("checkpoint-8/trainer_state.json"), FileTime.fromMillis(
        System.currentTimeMillis() + 2000));
    List<ProgramEpoch> epochs = source.poll();
    assertThat(epochs).extracting(ProgramEpoch::epoch).containsExactly(1, 2);
    assertThat(epochs.get(1).metrics()).containsEntry("eval_map", 0.3).containsEntry("map", 0.3)
        .doesNotContainKeys("epoch", "step");
    assertThat(epochs.get(1).checkpoint()).isEqualTo(out.resolve("checkpoint-8"));
    assertThat(epochs.get(0).checkpoint()).isEqualTo(out.resolve("checkpoint-4"));
    assertThat(source.poll()).isEmpty();
  }

  private static String state(int step, double epoch, double map) {
    StringBuilder h = new StringBuilder();
    for (int e = 1; e <= (int) epoch; e++) {
      h.append(e > 1 ? "," : "").append("{\"epoch\": ").append(e).append(".0, \"loss\": 1.0, \"step\": ")
          .append(4 * e).append("},{\"epoch\": ").append(e).append(".0, \"eval_map\": ").append(e == epoch ? map : 0.1)
          .append(", \"eval_loss\": 2.0, \"step\": ").append(4 * e).append("}");
    }
    return "{\"global_step\": " + step + ", \"log_history\": [" + h + "]}\n";
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
