package sweep.report.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sweep.bench.BenchProblem;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.spec.ParamSpec;
import sweep.testing.NeedsPackage;
import sweep.train.benchmark.BenchmarkCurves;
import sweep.util.Json;

/**
 * sweep's fANOVA agrees with Optuna's on the benchmark problems: random search (sweep's own sampler, a fixed seed)
 * over each problem's space, the trials scored by the benchmark task's noisy {@code val_score} after the epoch
 * budget, importances from {@link FanovaEvaluator} and from Debian's python3-optuna 3.1
 * ({@code scripts/reference/importance_reference.py}, {@code FanovaImportanceEvaluator}); the most important
 * parameter must be the same. And on the very forest Optuna fitted (scikit-learn's trees, written out by the
 * script), sweep's variance decomposition gives Optuna's importances to rounding.
 */
@NeedsPackage("python3-sklearn")
class FanovaAgainstOptunaTest {
  static final int TRIALS = 150;
  static final int EPOCHS = 10;
  static final long SEED = 7;

  @TempDir
  Path dir;

  @NeedsPackage("python3-optuna")
  @ParameterizedTest
  @ValueSource(strings = {"batch-lr", "multimodal", "log-sensitive"})
  void theMostImportantParameterIsOptunas(String problem) throws Exception {
    BenchProblem bench = BenchProblem.suite(EPOCHS).stream().filter(p -> p.name().equals(problem)).findFirst()
        .orElseThrow();
    SearchSpace space = new SearchSpace(bench.space(), List.of());
    List<ScoredTrial> trials = randomSearch(problem, space);

    Importances sweep = new FanovaEvaluator().evaluate(space, trials);
    Map<String, Double> optuna = optuna(space, trials);

    String both = problem + ": sweep " + sweep.ranked() + ", optuna " + optuna;
    System.out.println("importance " + both);
    assertThat(sweep.assessed()).as(both).isTrue();
    assertThat(sweep.top().orElseThrow().name()).as(both).isEqualTo(optuna.keySet().iterator().next());
    // Two forests grown from different random bootstraps: close, not equal.
    optuna.forEach((name, v) -> assertThat(sweep.of(name)).as(both).isCloseTo(v, within(0.1)));

    JsonNode forest = Json.tree(Files.readString(dir.resolve("forest.json")));
    assertThat(forest.get("trees")).hasSize(FanovaEvaluator.TREES);
    List<String> params = new ArrayList<>();
    forest.get("params").forEach(n -> params.add(n.asText()));
    double[] onOptunasTrees = FanovaEvaluator.shares(trees(forest), read(forest.get("groups"), int[][].class));
    for (int g = 0; g < params.size(); g++) {
      assertThat(onOptunasTrees[g]).as("%s on Optuna's trees: %s", params.get(g), both)
          .isCloseTo(optuna.get(params.get(g)), within(1e-9));
    }
  }

  /** The trees of a forest the reference script wrote, over its bounds. */
  private static List<FanovaTree> trees(JsonNode forest) {
    double[][] bounds = read(forest.get("bounds"), double[][].class);
    double[] low = java.util.Arrays.stream(bounds).mapToDouble(b -> b[0]).toArray();
    double[] high = java.util.Arrays.stream(bounds).mapToDouble(b -> b[1]).toArray();
    List<FanovaTree> out = new ArrayList<>();
    for (JsonNode t : forest.get("trees")) {
      out.add(new FanovaTree(read(t.get("feature"), int[].class), read(t.get("threshold"), double[].class),
          read(t.get("left"), int[].class), read(t.get("right"), int[].class), read(t.get("value"), double[].class),
          low, high));
    }
    return out;
  }

  private static <T> T read(JsonNode node, Class<T> type) {
    return Json.mapper().convertValue(node, type);
  }

  /** {@link #TRIALS} trials of sweep's random sampler, scored as the benchmark task scores them. */
  static List<ScoredTrial> randomSearch(String problem, SearchSpace space) {
    Sampler sampler = Samplers.create(Method.RANDOM, space, Goal.MAXIMIZE, SEED);
    List<ScoredTrial> out = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      Map<String, Object> params = space.complete(sampler.propose(i, List.of()));
      out.add(new ScoredTrial(params, BenchmarkCurves.noisy(problem, params,
          BenchmarkCurves.defaultNoise(problem), i, EPOCHS)));
    }
    return out;
  }

  /** Optuna's importances for the same trials, most important first. */
  private Map<String, Double> optuna(SearchSpace space, List<ScoredTrial> trials)
      throws IOException, InterruptedException {
    Path in = dir.resolve("trials.json");
    Files.writeString(in, Json.write(study(space, trials)));
    Process p = new ProcessBuilder("/usr/bin/python3", "scripts/reference/importance_reference.py", in.toString(),
        "0", dir.resolve("forest.json").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, Double> result = new LinkedHashMap<>();
    JsonNode json = Json.tree(out);
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.put(e.getKey(), e.getValue().asDouble());
    }
    return result;
  }

  /** The trials and their search space as the reference script reads them. */
  static ObjectNode study(SearchSpace space, List<ScoredTrial> trials) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode s = root.putObject("space");
    for (String name : space.searchedNames()) {
      s.set(name, distribution(space.get(name)));
    }
    ArrayNode ts = root.putArray("trials");
    for (ScoredTrial t : trials) {
      ObjectNode o = ts.addObject();
      ObjectNode params = o.putObject("params");
      for (String name : space.searchedNames()) {
        params.set(name, Json.mapper().valueToTree(t.params().get(name)));
      }
      o.put("value", t.value());
    }
    return root;
  }

  private static ObjectNode distribution(ParamSpec spec) {
    ObjectNode d = Json.mapper().createObjectNode();
    if (spec instanceof ParamSpec.Categorical c) {
      d.put("type", "categorical");
      d.set("choices", Json.mapper().valueToTree(c.values()));
    } else if (spec instanceof ParamSpec.IntUniform i) {
      d.put("type", "int").put("low", i.min()).put("high", i.max());
    } else if (spec instanceof ParamSpec.Uniform u) {
      d.put("type", "float").put("low", u.min()).put("high", u.max()).put("log", false);
    } else if (spec instanceof ParamSpec.LogUniform l) {
      d.put("type", "float").put("low", l.min()).put("high", l.max()).put("log", true);
    } else if (spec instanceof ParamSpec.QUniform q) {
      d.put("type", "float").put("low", q.min()).put("high", q.max()).put("step", q.q());
    } else if (spec instanceof ParamSpec.QLogUniform q) {
      d.put("type", "float").put("low", q.min()).put("high", q.max()).put("log", true);
    } else {
      throw new IllegalArgumentException("not searched: " + spec);
    }
    return d;
  }
}
