package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sweep.cli.Context;
import sweep.cli.Main;
import sweep.search.SearchSpace;
import sweep.train.TaskTypes;

/** Specs that are fine load into what they say. */
class SpecLoaderTest {
  private static final Path BENCHMARK = Path.of("sweeps", "benchmark.yaml");

  private static SpecLoader loader(Map<String, String> env) {
    return new SpecLoader(env, TaskTypes.all());
  }

  private static SweepSpec parse(String yaml) {
    return loader(Map.of()).parse("t.yaml", yaml);
  }

  /** A minimal benchmark spec around the given parameters block. */
  private static String spec(String parameters) {
    return """
        task: benchmark
        benchmark: {problem: multimodal}
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        trial: {epochs: 2}
        parameters:
        """ + parameters.indent(2);
  }

  @Test
  void theShippedBenchmarkSpecLoads() {
    SweepSpec spec = loader(Map.of()).load(BENCHMARK);

    assertThat(spec.name()).isEqualTo("benchmark-demo");
    assertThat(spec.task()).isEqualTo("benchmark");
    assertThat(spec.taskConfig().path("problem").asText()).isEqualTo("batch-lr");
    assertThat(spec.taskConfig().path("noise").asDouble()).isEqualTo(0.005);
    assertThat(spec.method()).isEqualTo(Method.RANDOM);
    assertThat(spec.metric())
        .isEqualTo(new MetricSpec("val_score", Goal.MAXIMIZE, new MetricDefinition("benchmark", null, null)));
    assertThat(spec.runCap()).isEqualTo(12);
    assertThat(spec.maxParallel()).isEqualTo(2);
    assertThat(spec.parameters()).containsOnlyKeys("learning_rate", "per_device_train_batch_size");
    assertThat(spec.parameters().get("learning_rate")).isEqualTo(new ParamSpec.LogUniform(1e-6, 1e-3));
    assertThat(spec.parameters().get("per_device_train_batch_size"))
        .isEqualTo(new ParamSpec.Categorical(List.of(4L, 8L, 16L, 32L)));
    assertThat(spec.trial()).isEqualTo(new TrialSettings(5, 2, 0.001));
    assertThat(spec.retrain()).isEqualTo(new RetrainSettings(10, 2, 0.001));
    assertThat(spec.hash()).matches("[0-9a-f]{64}");
  }

  @Test
  void theShippedBenchmarkSpecPlansThroughTheCli() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new Context(Map.of(), Clock.systemUTC(), false), new PrintWriter(out),
        new PrintWriter(err), "plan", BENCHMARK.toString());

    assertThat(err.toString()).isEmpty();
    assertThat(code).isEqualTo(Main.OK);
    assertThat(out.toString()).contains("learning_rate", "gradient_accumulation_steps", "#11");
  }

  @Test
  void defaultsApplyWhenTheVariablesAreUnset() {
    SweepSpec spec = loader(Map.of()).load(BENCHMARK);

    assertThat(spec.seed()).isEqualTo(7);
    assertThat(spec.runsDir()).isEqualTo("results/runs");
  }

  @Test
  void variablesFromTheGivenEnvironmentWinOverDefaults() {
    SweepSpec spec = loader(Map.of("SWEEP_SEED", "42", "SWEEP_ARTIFACTS", "/data/sweeps")).load(BENCHMARK);

    assertThat(spec.seed()).isEqualTo(42);
    assertThat(spec.runsDir()).isEqualTo("/data/sweeps/runs");
  }

  @Test
  void variablesExpandInsideParametersAndTypeAsNumbers() {
    String yaml = spec("""
        weight_decay:
          min: "${WD_MIN:-0.0}"
          max: ${WD_MAX:-0.1}
        warmup_ratio:
          value: ${WARMUP:-0.05}
        """);

    SweepSpec unset = loader(Map.of()).parse("t.yaml", yaml);
    assertThat(unset.parameters().get("weight_decay")).isEqualTo(new ParamSpec.Uniform(0.0, 0.1));
    assertThat(unset.parameters().get("warmup_ratio")).isEqualTo(new ParamSpec.Constant(0.05));

    SweepSpec set = loader(Map.of("WD_MAX", "0.3", "WARMUP", "0.1")).parse("t.yaml", yaml);
    assertThat(set.parameters().get("weight_decay")).isEqualTo(new ParamSpec.Uniform(0.0, 0.3));
    assertThat(set.parameters().get("warmup_ratio")).isEqualTo(new ParamSpec.Constant(0.1));
  }

  @Test
  void wholeNumberMinAndMaxWithoutDistributionIsIntUniform() {
    SweepSpec spec = parse(spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {value: 0.1}
        layers: {min: 2, max: 12}
        """));

    assertThat(spec.parameters().get("layers")).isEqualTo(new ParamSpec.IntUniform(2, 12));
  }

  @Test
  void decimalMinOrMaxWithoutDistributionIsUniform() {
    SweepSpec spec = parse(spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {min: 0, max: 0.2}
        dropout: {min: 0.1, max: 0.5}
        """));

    assertThat(spec.parameters().get("weight_decay")).isEqualTo(new ParamSpec.Uniform(0.0, 0.1));
    assertThat(spec.parameters().get("warmup_ratio")).isEqualTo(new ParamSpec.Uniform(0.0, 0.2));
    assertThat(spec.parameters().get("dropout")).isEqualTo(new ParamSpec.Uniform(0.1, 0.5));
  }

  @Test
  void exponentScalarsWithoutADotAreNumbers() {
    SweepSpec spec = parse("""
        task: benchmark
        benchmark: {problem: crossing}
        metric: {name: val_score, goal: maximize}
        run_cap: 3
        trial: {epochs: 2, early_stopping_threshold: 1e-4}
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-2}
          adam_epsilon: {value: 1e-8}
          weight_decay: {values: [0, 1e-5, 1E-3]}
        """);

    assertThat(spec.parameters().get("learning_rate")).isEqualTo(new ParamSpec.LogUniform(1e-5, 1e-2));
    assertThat(spec.parameters().get("adam_epsilon")).isEqualTo(new ParamSpec.Constant(1e-8));
    assertThat(spec.parameters().get("weight_decay"))
        .isEqualTo(new ParamSpec.Categorical(List.of(0L, 1e-5, 1e-3)));
    assertThat(spec.trial().earlyStoppingThreshold()).isEqualTo(1e-4);
  }

  @Test
  void hexadecimalAndOctalScalarsAreWholeNumbers() {
    SweepSpec spec = parse(spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {value: 0.1}
        hidden: {values: [0x10, 0o17, +5, -3]}
        """));

    assertThat(spec.parameters().get("hidden")).isEqualTo(new ParamSpec.Categorical(List.of(16L, 15L, 5L, -3L)));
  }

  @Test
  void quotedNumbersInValuesStayStrings() {
    SweepSpec spec = parse(spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {value: 0.1}
        optimizer: {values: [adamw, "1e-5", true]}
        """));

    assertThat(spec.parameters().get("optimizer"))
        .isEqualTo(new ParamSpec.Categorical(List.of("adamw", "1e-5", true)));
  }

  @Test
  void theHashIsStableAcrossLoads() {
    SweepSpec first = loader(Map.of()).load(BENCHMARK);
    SweepSpec second = loader(Map.of()).load(BENCHMARK);

    assertThat(second.hash()).isEqualTo(first.hash());
    assertThat(second.canonicalJson()).isEqualTo(first.canonicalJson());
  }

  @Test
  void theHashIgnoresKeyOrderAndComments() {
    String a = spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {value: 0.1}
        """);
    String b = """
        # the same spec, written differently
        parameters:
          warmup_ratio: {value: 0.1}
          weight_decay: {max: 0.1, min: 0.0}
        trial: {epochs: 2}
        run_cap: 3
        metric: {goal: maximize, name: val_score}
        benchmark: {problem: multimodal}
        task: benchmark
        """;

    assertThat(parse(b).hash()).isEqualTo(parse(a).hash());
  }

  @Test
  void theHashChangesWhenAValueChanges() {
    String base = spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {value: 0.1}
        """);
    String changed = spec("""
        weight_decay: {min: 0.0, max: 0.2}
        warmup_ratio: {value: 0.1}
        """);

    assertThat(parse(changed).hash()).isNotEqualTo(parse(base).hash());
    assertThat(parse(base.replace("epochs: 2", "epochs: 3")).hash()).isNotEqualTo(parse(base).hash());
  }

  @Test
  void startupTimeoutIsReadAndDefaultsToTenMinutes() {
    String base = spec("weight_decay: {min: 0.0, max: 0.1}\nwarmup_ratio: {value: 0.1}\n");

    assertThat(parse(base).trial().startupTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(parse(base.replace("epochs: 2", "epochs: 2, startup_timeout: 90s")).trial().startupTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(90));
  }

  @Test
  void specsThatDoNotSetStartupTimeoutHashAsBeforeItExisted() {
    String base = spec("weight_decay: {min: 0.0, max: 0.1}\nwarmup_ratio: {value: 0.1}\n");
    // The trial settings' text in the canonical spec as sweeps started before startup_timeout recorded it.
    String before = "TrialSettings[epochs=2, earlyStoppingPatience=0, earlyStoppingThreshold=0.0, timeout=null,"
        + " heartbeatTimeout=PT10M]";

    assertThat(sweep.util.Json.tree(parse(base).canonicalJson()).path("trial").asText()).isEqualTo(before);
    assertThat(parse(base.replace("epochs: 2", "epochs: 2, startup_timeout: 10m")).hash())
        .as("the default written out is the same spec").isEqualTo(parse(base).hash());
    assertThat(parse(base.replace("epochs: 2", "epochs: 2, startup_timeout: 20m")).hash())
        .isNotEqualTo(parse(base).hash());
  }

  @Test
  void retentionIsReadDefaultsToBestAndLatestAndOldSpecsHashAsBefore() {
    String base = spec("weight_decay: {min: 0.0, max: 0.1}\nwarmup_ratio: {value: 0.1}\n");
    SweepSpec plain = parse(base);
    assertThat(plain.retention()).isEqualTo(sweep.artifact.Retention.DEFAULT);
    assertThat(plain.canonicalJson()).doesNotContain("retention");
    SweepSpec set = parse(base + "retention: {checkpoints: all, keep_sweeps: 3}\n");
    assertThat(set.retention()).isEqualTo(new sweep.artifact.Retention(sweep.artifact.Retention.Checkpoints.ALL, 3));
    assertThat(set.hash()).isNotEqualTo(plain.hash());
    assertThatThrownBy(() -> parse(base + "retention: {checkpoints: best}\n"))
        .isInstanceOf(SpecException.class).hasMessageContaining("retention.checkpoints: unknown value 'best'")
        .hasMessageContaining("best_and_latest");
  }

  @Test
  void theHashChangesWhenAnEnvironmentVariableChangesTheSpec() {
    SweepSpec unset = loader(Map.of()).load(BENCHMARK);
    SweepSpec set = loader(Map.of("SWEEP_SEED", "8")).load(BENCHMARK);

    assertThat(set.hash()).isNotEqualTo(unset.hash());
  }

  @Test
  void fixedProductsDeriveGradientAccumulationSteps() {
    SweepSpec spec = loader(Map.of()).load(BENCHMARK);

    assertThat(spec.fixedProducts()).containsExactly(new FixedProduct("effective_batch_size", 32,
        List.of("per_device_train_batch_size", "gradient_accumulation_steps")));
    assertThat(spec.fixedProducts().get(0).derived()).isEqualTo("gradient_accumulation_steps");
    assertThat(spec.allParameterNames())
        .containsExactly("gradient_accumulation_steps", "learning_rate", "per_device_train_batch_size");

    SearchSpace space = new SearchSpace(spec);
    assertThat(space.searchedNames()).containsExactly("learning_rate", "per_device_train_batch_size");
    for (long batch : List.of(4L, 8L, 16L, 32L)) {
      Map<String, Object> params = space.complete(Map.of("learning_rate", 1e-4, "per_device_train_batch_size", batch));
      assertThat(params.get("gradient_accumulation_steps")).isEqualTo(32 / batch);
    }
  }

  @Test
  void aParameterNamedInACommandStaysAPlaceholder() {
    SweepSpec spec = parse("""
        task: command
        command: [python3, "${SCRIPT:-train.py}", --lr, "${learning_rate}", --epochs, "${epochs}"]
        metric: {name: eval_f1, goal: maximize}
        run_cap: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-3}
        trial: {epochs: 2}
        """);

    assertThat(spec.taskConfig().path("command").toString())
        .isEqualTo("[\"python3\",\"train.py\",\"--lr\",\"${learning_rate}\",\"--epochs\",\"${epochs}\"]");
  }

  @Test
  void gridWithoutRunCapTakesTheGridSize() {
    SweepSpec spec = parse("""
        task: benchmark
        benchmark: {problem: multimodal}
        method: grid
        metric: {name: val_loss, goal: minimize}
        trial: {epochs: 2}
        parameters:
          weight_decay: {values: [0.0, 0.01, 0.1]}
          warmup_ratio: {distribution: q_uniform, min: 0.0, max: 0.2, q: 0.1}
        """);

    assertThat(spec.runCap()).isEqualTo(9);
  }

  @Test
  void errorsCarryFileLineColumnAndKeyPath() {
    assertThatThrownBy(() -> loader(Map.of()).parse("x.yaml", spec("""
        weight_decay: {min: 0.0, max: 0.1}
        warmup_ratio: {min: 0.3, max: 0.2}
        """)))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.file()).isEqualTo("x.yaml");
          assertThat(e.line()).isEqualTo(8);
          assertThat(e.column()).isEqualTo(23);
          assertThat(e.keyPath()).isEqualTo("parameters.warmup_ratio.min");
          assertThat(e.getMessage()).isEqualTo(
              "x.yaml:8:23: parameters.warmup_ratio.min: min (0.3) must be less than max (0.2)");
        });
  }

  @Test
  void suggestionsPreferPrefixesThenTyposThenParts() {
    List<String> distributions = List.of("uniform", "log_uniform_values", "int_uniform", "q_uniform",
        "q_log_uniform_values", "categorical");
    assertThat(SpecNode.suggestion("log_uniform", distributions)).isEqualTo(" (did you mean 'log_uniform_values'?)");
    assertThat(SpecNode.suggestion("unifrom", distributions)).isEqualTo(" (did you mean 'uniform'?)");
    assertThat(SpecNode.suggestion("patience", List.of("epochs", "early_stopping_patience")))
        .isEqualTo(" (did you mean 'early_stopping_patience'?)");
    assertThat(SpecNode.suggestion("lr", List.of("epochs", "seed")))
        .isEqualTo(" (expected one of epochs, seed)");
  }
}
