package sweep.spec.wandb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.spec.SpecLoader;
import sweep.spec.SweepSpec;
import sweep.train.TaskTypes;
import sweep.util.Json;

/**
 * sweep's draws of every W&B distribution against wandb/sweeps' own sampler: 10,000 draws of the random and the
 * Sobol sampler per distribution, two-sample Kolmogorov-Smirnov against 10,000 draws of wandb/sweeps
 * ({@code scripts/reference/wandb_sampler_reference.py} wrote their order statistics 0, 10, ..., 9990, 9999 to
 * {@code reference-quantiles.json}; each of the 10,000 is taken as the order statistic below it, which moves the
 * reference's empirical CDF by at most 0.001).
 */
class WandbDistributionsKsTest {
  private static final int DRAWS = 10_000;
  /** The two-sample critical value at alpha 0.001 for 10,000 and 10,000, plus the 0.001 of the thinned reference. */
  private static final double CRITICAL = 1.949 * Math.sqrt(2.0 / DRAWS) + 0.001;

  static Stream<Arguments> cases() throws Exception {
    JsonNode root = Json.mapper().readTree(Files.readString(Path.of("src/test/resources/wandb/reference-quantiles.json")));
    List<Arguments> out = new ArrayList<>();
    root.path("cases").fields().forEachRemaining(e -> {
      for (String method : List.of("random", "sobol")) {
        out.add(Arguments.of(e.getKey(), method, e.getValue().path("config"), e.getValue().path("order_statistics")));
      }
    });
    return out.stream();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("cases")
  void drawsFollowWandbsSampler(String name, String method, JsonNode config, JsonNode orderStatistics) throws Exception {
    SweepSpec spec = new SpecLoader(Map.of(), TaskTypes.all()).parse(name + ".yaml", """
        task: command
        command: ["true"]
        metric: {name: val_score, goal: maximize}
        method: %s
        run_cap: 3
        seed: 11
        trial: {epochs: 2}
        parameters:
          x: %s
        """.formatted(method, Json.mapper().writeValueAsString(config)));
    Sampler sampler = Samplers.forSpec(spec);
    List<Object> values = new ArrayList<>();
    config.path("values").forEach(v -> values.add(v.isTextual() ? v.asText() : v.numberValue()));
    double[] ours = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      Object v = sampler.propose(i, List.of()).get("x");
      ours[i] = values.isEmpty() ? ((Number) v).doubleValue() : values.indexOf(v);
    }
    double[] reference = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      reference[i] = orderStatistics.get(i / 10).asDouble();
    }
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    double d = ks.kolmogorovSmirnovStatistic(ours, reference);
    double p = ks.approximateP(d, DRAWS, DRAWS);
    System.out.printf("KS %-24s %-6s D=%.4f p=%.3f%n", name, method, d, p);
    assertThat(d).as("KS statistic of %s (%s), p=%s", name, method, p).isLessThan(CRITICAL);
  }
}
