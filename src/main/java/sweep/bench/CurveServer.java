package sweep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import sweep.search.Seeds;
import sweep.train.benchmark.BenchmarkCurves;
import sweep.util.Json;

/**
 * Serves benchmark curves to another process, one JSON object per line each way, so a peer tool sweeps exactly
 * the curves sweep does. Request: {@code {"problem": P, "seed": S, "number": N, "epochs": E, "params": {...}}}
 * (or {@code {"optimum": P, "epochs": E}}); answer: {@code {"noisy": [...], "clean": [...]}} for epochs 1..E, the
 * noise drawn from trial seed {@code Seeds.trial(S, N)} (or {@code {"optimum": x}}). With {@code "drift_seed": D}
 * in either request, the curves and the optimum are those of the problem drifted by {@code Drift.of(problem, D)}.
 */
public final class CurveServer {
  private CurveServer() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode req = Json.tree(line);
      ObjectNode answer = Json.mapper().createObjectNode();
      int epochs = req.path("epochs").asInt();
      String problem = req.has("optimum") ? req.path("optimum").asText() : req.path("problem").asText();
      Drift drift = req.has("drift_seed") ? Drift.of(BenchProblem.suite(epochs).stream()
          .filter(p -> p.name().equals(problem)).findFirst().orElseThrow(), req.path("drift_seed").asLong()) : null;
      if (req.has("optimum")) {
        answer.put("optimum", drift != null ? drift.optimum(epochs) : BenchmarkCurves.optimum(problem, epochs));
      } else {
        Map<String, Object> params = Json.params(Json.write(req.path("params")));
        long seed = Seeds.trial(req.path("seed").asLong(), req.path("number").asInt());
        double noise = BenchmarkCurves.defaultNoise(problem);
        ArrayNode noisy = answer.putArray("noisy");
        ArrayNode clean = answer.putArray("clean");
        for (int e = 1; e <= epochs; e++) {
          noisy.add(drift != null ? drift.noisy(params, seed, e) : BenchmarkCurves.noisy(problem, params, noise, seed, e));
          clean.add(drift != null ? drift.clean(params, e) : BenchmarkCurves.clean(problem, params, e));
        }
      }
      out.println(Json.write(answer));
      out.flush();
    }
  }
}
