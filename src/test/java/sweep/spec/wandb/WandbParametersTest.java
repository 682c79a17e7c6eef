package sweep.spec.wandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.search.Observation;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.spec.ParamSpec;
import sweep.spec.SpecException;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskTypes;

/** W&B's parameter forms: each distribution loads with W&B's meaning, or is refused naming its key. */
class WandbParametersTest {

  static SweepSpec parse(String method, String parameter) {
    return new SpecLoader(Map.of(), TaskTypes.all()).parse("t.yaml", """
        task: command
        command: ["true"]
        metric: {name: loss, goal: minimize}
        method: %s
        run_cap: 30
        trial: {epochs: 2}
        parameters:
          x: %s
        """.formatted(method, parameter));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "log_uniform            | {distribution: log_uniform, min: -9.2, max: -2.3}         | 1.0e-4 | 0.1",
      "q_log_uniform          | {distribution: q_log_uniform, min: 0, max: 5}             | 1      | 149",
      "inv_log_uniform        | {distribution: inv_log_uniform, min: 1, max: 5}           | 0.0067 | 0.368",
      "inv_log_uniform_values | {distribution: inv_log_uniform_values, min: 0.001, max: 0.1} | 0.001 | 0.1",
      "normal                 | {distribution: normal, mu: 1, sigma: 2}                   | -30    | 32",
      "q_normal               | {distribution: q_normal, mu: 0, sigma: 5, q: 2}           | -80    | 80",
      "log_normal             | {distribution: log_normal}                                | 0      | 1.0e7",
      "q_log_normal           | {distribution: q_log_normal, mu: 2, sigma: 0.5}           | 0      | 1000",
      "beta                   | {distribution: beta, a: 2, b: 5}                          | 0      | 1",
      "q_beta                 | {distribution: q_beta, a: 2, b: 2, q: 0.1}                | 0      | 1",
  })
  void eachDistributionDrawsInItsSupportUnderEverySampler(String dist, String yaml, double lo, double hi) {
    for (String method : List.of("random", "sobol", "tpe")) {
      SweepSpec spec = parse(method, yaml);
      assertThat(spec.parameters().get("x")).isInstanceOf(WandbDistribution.class);
      Sampler sampler = Samplers.forSpec(spec);
      List<Observation> history = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Object v = sampler.propose(i, history).get("x");
        assertThat(((Number) v).doubleValue()).as("%s %s trial %d", dist, method, i).isBetween(lo, hi);
        if (dist.startsWith("q_") && !dist.equals("q_beta")) {
          assertThat(v).as("a whole q gives whole numbers").isInstanceOf(Long.class);
        }
        history.add(new Observation(i, Map.of("x", v), Observation.State.COMPLETE, (double) i, 2));
      }
    }
  }

  @Test
  void logUniformTakesNaturalLogBounds() {
    ParamSpec x = parse("random", "{distribution: log_uniform, min: -2, max: 0}").parameters().get("x");
    assertThat((double) x.fromUnit(0.0)).isCloseTo(Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
    assertThat((double) x.fromUnit(0.5)).isCloseTo(Math.exp(-1), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void probabilitiesWeighTheValues() {
    ParamSpec x = parse("random", "{values: [a, b, c], probabilities: [0.5, 0.25, 0.25]}").parameters().get("x");
    assertThat(x.fromUnit(0.49)).isEqualTo("a");
    assertThat(x.fromUnit(0.5)).isEqualTo("b");
    assertThat(x.fromUnit(0.99)).isEqualTo("c");
    assertThat(parse("grid", "{values: [a, b, c], probabilities: [0.5, 0.25, 0.25]}").runCap()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nested        | {parameters: {lr: {value: 1}}}                       | 8:7: parameters.x.parameters: nested 'parameters' is not supported",
      "mu on uniform | {distribution: uniform, min: 0, max: 1, mu: 2}       | parameters.x.mu: 'mu' applies only to the normal and log_normal distributions",
      "bad sigma     | {distribution: normal, sigma: 0}                     | parameters.x.sigma: must be greater than 0",
      "a on normal   | {distribution: normal, a: 2}                         | parameters.x.a: 'a' applies only to the beta distributions",
      "prob count    | {values: [1, 2], probabilities: [1.0]}               | parameters.x.probabilities: lists 1 probabilities for 2 values",
      "prob sum      | {values: [1, 2], probabilities: [0.5, 0.2]}          | parameters.x.probabilities: the probabilities sum to 0.7, not 1",
      "min on beta   | {distribution: beta, min: 0}                         | parameters.x.min: 'min' does not apply to beta",
  })
  void refusalsNameTheKey(String what, String yaml, String message) {
    assertThatThrownBy(() -> parse("random", yaml)).isInstanceOf(SpecException.class).hasMessageContaining(message);
  }

  @Test
  void gridRefusesTheContinuousOnes() {
    assertThatThrownBy(() -> parse("grid", "{distribution: normal}")).isInstanceOf(SpecException.class)
        .hasMessageContaining("grid search cannot enumerate a continuous distribution");
  }
}
