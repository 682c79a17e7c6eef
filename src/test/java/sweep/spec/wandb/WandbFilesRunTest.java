package sweep.spec.wandb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskTypes;

/**
 * The W&B files (ten, and the nested example), unchanged, through `sweep run --count 2` in a directory where each program is a stand-in of
 * the same name (stand_in.py) that fails unless it gets W&B's arguments, rendered by Python from the run's
 * parameters, and W&B's environment.
 */
class WandbFilesRunTest {
  @TempDir Path dir;

  static Stream<Path> files() throws Exception {
    return WandbFilesTest.files();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void runsWithStandIns(Path file) throws Exception {
    run(file, 2, 2);
  }

  @org.junit.jupiter.api.Test
  void metricTargetEndsTheSearch() throws Exception {
    Path file = dir.resolve("src-target.yaml");
    Files.writeString(file, """
        program: train.py
        method: random
        count: 5
        metric: {name: loss, goal: minimize, target: 0.6}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """);
    run(file, 5, 1); // the stand-in reports 0.5, which reaches 0.6: no second trial
    Path unreached = dir.resolve("src-unreached.yaml");
    Files.writeString(unreached, Files.readString(file).replace("target: 0.6", "target: 0.4"));
    Files.delete(dir.resolve("train.py"));
    run(unreached, 5, 1 + 5); // 0.5 never reaches 0.4: all five (besides the first sweep's one)
  }

  private void run(Path file, int count, int trials) throws Exception {
    SweepSpec spec = new SpecLoader(Map.of(), TaskTypes.all()).load(file);
    String program = spec.taskConfig().path("wandb_agent").path("program").asText();
    boolean module = spec.taskConfig().path("command").toString().contains("\"-m\"");
    Path standIn = dir.resolve(module ? program.replace('.', '/') + ".py" : program).normalize();
    Files.createDirectories(standIn.getParent());
    Files.writeString(standIn, Files.readString(Path.of("src/test/resources/wandb/stand_in.py"))
        .replace("STAND_IN_METRIC", spec.metric().name()));
    Path copy = dir.resolve(file.getFileName().toString().replaceFirst("^src-", ""));
    Files.copy(file, copy);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "sweep.cli.Main", "run", copy.getFileName().toString(), "--count", Integer.toString(count),
        "--db", dir.resolve("sweep.db").toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    System.out.println(file.getFileName() + ":\n" + out);
    assertThat(p.exitValue()).as(out).isZero();
    try (Stream<Path> logs = Files.walk(dir.resolve("results"))) {
      List<Path> params = logs.filter(f -> f.getFileName().toString().matches("config-.*\\.yaml")).toList();
      assertThat(params).as("W&B config files, one a trial").hasSize(trials);
    }
  }
}
