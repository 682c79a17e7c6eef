package sweep.spec.wandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.spec.Impute;
import sweep.spec.Method;
import sweep.spec.MetricSpec;
import sweep.spec.ParamSpec;
import sweep.spec.SpecException;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.testing.Cli;
import sweep.train.TaskTypes;

/**
 * W&B sweep files from public repositories (sources.json: ten, and wandb/sweeps' nested example), unchanged,
 * through the loader and `sweep plan`.
 */
class WandbFilesTest {
  private static final Path DIR = Path.of("src/test/resources/wandb/files");

  static Stream<Path> files() throws Exception {
    return Files.list(DIR).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  private static SweepSpec load(String yaml) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("w.yaml", yaml);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void planShowsTheFileUnchanged(Path file) {
    Cli.Result r = Cli.run("plan", file.toString());
    System.out.println(file.getFileName() + ":\n" + r.out() + r.err());
    assertThat(r.code()).as(r.toString()).isZero();
    SweepSpec spec = new SpecLoader(Map.of(), TaskTypes.all()).load(file);
    // a header and one line a trial: the run cap's worth, or the first 20 of a sweep that runs until stopped
    long lines = r.out().lines().count();
    if (spec.runCap() == WandbFile.UNCAPPED) {
      assertThat(lines).isLessThanOrEqualTo(21);
      assertThat(r.err()).contains("sets no count or run_cap").contains("first 20 trials");
    } else {
      assertThat(lines).isLessThanOrEqualTo(spec.runCap() + 1L);
    }
    assertThat(spec.task()).isEqualTo("command");
    assertThat(spec.taskConfig().path("wandb_agent").path("program").asText()).isNotBlank();
  }

  @Test
  void programImpliesTheCommandTaskAndWandbsDefaultCommand() {
    SweepSpec spec = load("""
        program: train.py
        project: p
        entity: e
        description: d
        method: random
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """);
    assertThat(spec.task()).isEqualTo("command");
    assertThat(spec.taskConfig().path("command").toString())
        .isEqualTo("[\"${env}\",\"${interpreter}\",\"${program}\",\"${args}\"]");
    assertThat(spec.taskConfig().path("wandb_agent").path("project").asText()).isEqualTo("p");
    assertThat(spec.taskConfig().path("wandb_agent").path("entity").asText()).isEqualTo("e");
    assertThat(spec.taskConfig().path("wandb_agent").path("interpreter").asText()).isEqualTo("python3");
    assertThat(spec.runCap()).isEqualTo(WandbFile.UNCAPPED);
    assertThat(spec.trial().epochs()).isEqualTo(WandbFile.EPOCHS);
  }

  @Test
  void countIsTheRunCapAndTheSmallerWins() {
    String base = """
        program: train.py
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """;
    assertThat(load(base + "count: 7\n").runCap()).isEqualTo(7);
    assertThat(load(base + "count: 7\nrun_cap: 5\n").runCap()).isEqualTo(5);
    assertThat(load(base + "count: 3\nrun_cap: 5\n").runCap()).isEqualTo(3);
  }

  @Test
  void aParameterNamedEpochsOrSeedIsTheParameter() {
    SweepSpec spec = load("""
        program: train.py
        method: grid
        metric: {name: loss, goal: minimize}
        parameters:
          epochs: {values: [5, 10]}
          seed: {value: 42}
        """);
    assertThat(spec.parameters().get("epochs")).isEqualTo(new ParamSpec.Categorical(java.util.List.of(5L, 10L)));
    assertThat(spec.method()).isEqualTo(Method.GRID);
    assertThat(spec.runCap()).isEqualTo(2);
  }

  @Test
  void wandbKeysSweepDoesNotHonourAreRefusedNamingTheKey() {
    String base = """
        program: train.py
        metric: {name: loss, goal: minimize, target: 0.1}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """;
    assertThat(load(base).taskConfig().path("wandb_agent").path("target").asDouble()).isEqualTo(0.1);
    assertThatThrownBy(() -> new SpecLoader(Map.of(), TaskTypes.all()).parse("s.yaml", """
        task: command
        command: ["true"]
        run_cap: 2
        trial: {epochs: 1}
        metric: {name: loss, goal: minimize, target: 0.1}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """)).isInstanceOf(SpecException.class)
        .hasMessage("s.yaml:5:38: metric.target: 'target' is supported in W&B files (with 'program') only");
    assertThatThrownBy(() -> load("controller: {type: local}\n" + base.replace(", target: 0.1", "")))
        .isInstanceOf(SpecException.class)
        .hasMessage("w.yaml:1:1: controller: W&B's 'controller' is not supported");
  }

  @Test
  void wandbFormsSweepDoesNotRunAreRefusedNamingTheKeyAndAMissingGoalIsWandbsMinimize() {
    String params = "parameters:\n  lr: {min: 0.1, max: 0.2}\n";
    assertThatThrownBy(() -> load("program: t.py\nmetrics: [{name: a, goal: minimize}, {name: b, goal: maximize}]\n"
        + params)).isInstanceOf(SpecException.class)
        .hasMessage("w.yaml:2:1: metrics: W&B's multi-objective 'metrics' list is not supported; give one 'metric'");
    assertThatThrownBy(() -> load("program: t.py\nmethod: custom\nmetric: {name: a}\n" + params))
        .isInstanceOf(SpecException.class)
        .hasMessage("w.yaml:2:9: method: W&B's 'custom' method (a scheduler's) is not supported");
    assertThatThrownBy(() -> load("program: t.py\n" + params)).isInstanceOf(SpecException.class)
        .hasMessage("w.yaml:1:1: metric: a W&B file without 'metric' is not supported: sweep picks and publishes the"
            + " best trial by it");
    assertThat(load("program: t.py\nmetric: {name: a}\n" + params).metric().goal()).isEqualTo(sweep.spec.Goal.MINIMIZE);
  }

  /** A command spec of sweep's own (no {@code program}) with {@code extra} keys. */
  private static SweepSpec ownSpec(String extra) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("s.yaml", """
        task: command
        command: ["true"]
        run_cap: 2
        trial: {epochs: 9}
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """ + extra);
  }

  @Test
  void aWandbFileImputesTheWorstValueForAFailedTrialUnlessToldOtherwise() {
    String file = """
        program: train.py
        metric: {name: loss, goal: minimize%s}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """;
    assertThat(load(file.formatted("")).metric().impute()).as("W&B's default").isEqualTo(Impute.WORST);
    assertThat(load(file.formatted(", impute: latest, impute_while_running: best")).metric())
        .extracting(MetricSpec::impute, MetricSpec::imputeWhileRunning).containsExactly(Impute.LATEST, Impute.BEST);
    assertThat(load(file.formatted(", impute_while_running: false")).metric().imputeWhileRunning()).isNull();
    assertThat(ownSpec("").metric().impute()).as("sweep's own specs leave failed trials out, as Optuna").isNull();
  }

  @Test
  void hyperbandInAWandbFileTakesMaxIterAndSAndIsStrictUnlessToldOtherwise() {
    String base = """
        program: train.py
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """;
    assertThat(load(base + "early_terminate: {type: hyperband, max_iter: 27, s: 2}\n").earlyTerminate())
        .as("W&B's schema makes hyperband strict by default")
        .isEqualTo(new sweep.spec.EarlyTerminate.Hyperband(1, 3, true, 27, 2));
    assertThat(load(base + "early_terminate: {type: hyperband, min_iter: 3, strict: false}\n").earlyTerminate())
        .isEqualTo(new sweep.spec.EarlyTerminate.Hyperband(3, 3, false));
    assertThat(ownSpec("early_terminate: {type: hyperband}\n").earlyTerminate())
        .as("sweep's own specs are not strict unless told")
        .isEqualTo(new sweep.spec.EarlyTerminate.Hyperband(1, 3, false));
  }

  @Test
  void programKeysBelongToWandbFiles() {
    assertThatThrownBy(() -> load("""
        task: command
        command: ["true"]
        project: p
        run_cap: 2
        trial: {epochs: 1}
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {min: 0.1, max: 0.2}
        """)).isInstanceOf(SpecException.class)
        .hasMessageContaining("project: 'project' belongs to W&B files, which name their 'program'");
  }

  @Test
  void valuesPyYamlReadsAsTextStayText() {
    SweepSpec spec = load("""
        program: train.py
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {values: [1e-3, 0.5, 1.0e3, 1.0e-3]}
          wd: {value: 1e-4}
        """);
    assertThat(spec.parameters().get("lr"))
        .isEqualTo(new ParamSpec.Categorical(java.util.List.of("1e-3", 0.5, "1.0e3", 1.0e-3)));
    assertThat(spec.parameters().get("wd")).isEqualTo(new ParamSpec.Constant("1e-4"));
    SweepSpec own = new SpecLoader(Map.of(), TaskTypes.all()).parse("s.yaml", """
        task: command
        command: ["true"]
        run_cap: 2
        trial: {epochs: 1}
        metric: {name: loss, goal: minimize}
        parameters:
          lr: {values: [1e-3]}
        """);
    assertThat(own.parameters().get("lr")).isEqualTo(new ParamSpec.Categorical(java.util.List.of(1e-3)));
  }
}
