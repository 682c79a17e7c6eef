package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.data.detection.SyntheticForms;
import sweep.train.TaskTypes;

/**
 * Every spec shipped in {@code sweeps/} loads: on the embedded defaults, and the recipes whose data comes from
 * {@code ${SWEEP_DATA:-synthetic}} also with {@code SWEEP_DATA=file:DIR}, the way a user points them at real pages.
 */
class ShippedSpecsTest {
  @TempDir static Path dir;

  static Stream<Path> specs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("sweeps"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  /** What the shipped recipes read from the environment, pointing at stand-ins in a temporary directory. */
  static Map<String, String> env() throws IOException {
    Map<String, String> env = new HashMap<>();
    Path detr = Files.createDirectories(dir.resolve("detr-pretrained"));
    Files.writeString(detr.resolve("config.json"), """
        {"model_type": "deformable_detr", "backbone": "resnet50", "d_model": 256, "num_queries": 300,
         "id2label": {"0": "Caption", "1": "Footnote"}}""");
    Files.writeString(detr.resolve("model.safetensors"), "");
    env.put("DETR_PRETRAINED", detr.toString());
    Path layoutlm = Files.createDirectories(dir.resolve("layoutlm-pretrained"));
    Files.writeString(layoutlm.resolve("config.json"), "{\"model_type\": \"layoutlm\"}");
    Files.writeString(layoutlm.resolve("model.safetensors"), "");
    env.put("LAYOUTLM_PRETRAINED", layoutlm.toString());
    return env;
  }

  @ParameterizedTest
  @MethodSource("specs")
  void loadsOnItsDefaults(Path spec) throws IOException {
    assertThat(new SpecLoader(env(), TaskTypes.all()).load(spec).name()).isNotBlank();
  }

  @Test
  void detectionRecipesReadRealPagesGivenBySweepData() throws IOException {
    Path pages = dir.resolve("pages");
    SyntheticForms.writeCoco(pages, 1, 3);
    Map<String, String> env = env();
    env.put("SWEEP_DATA", "file:" + pages);
    for (String recipe : List.of("detr.yaml", "deformable-detr-finetune.yaml")) {
      SweepSpec spec = new SpecLoader(env, TaskTypes.all()).load(Path.of("sweeps", recipe));
      assertThat(spec.taskConfig().path("data").toString()).as(recipe).contains(pages.toString());
    }
  }
}
