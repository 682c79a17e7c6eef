package sweep.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sweep.prune.HyperbandPruner;
import sweep.prune.Pruner;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.train.benchmark.BenchmarkCurves;
import sweep.util.Json;

/**
 * The search benchmark, sweep's side: every problem of the suite, seeds 0..S-1, samplers random, sobol and tpe,
 * each without pruning and with hyperband (min_iter 1, eta 3), run by {@link SimulatedSweep} twice: with an epoch
 * budget ({@code trials * epochs}) and with a trial budget ({@code trials}). One JSON object per run on the
 * output file.
 *
 * <p>usage: {@code HpoBench OUT.jsonl SEEDS EPOCHS TRIALS WORKERS [SAMPLER,...]}: the optional last argument runs
 * only the named samplers (all three by default).
 */
public final class HpoBench {
  private HpoBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int seeds = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int trials = Integer.parseInt(args[3]);
    int workers = Integer.parseInt(args[4]);
    List<Method> methods = args.length > 5
        ? java.util.Arrays.stream(args[5].split(",")).map(HpoBench::sampler).toList()
        : List.of(Method.RANDOM, Method.SOBOL, Method.TPE);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (BenchProblem problem : BenchProblem.suite(epochs)) {
        SearchSpace space = new SearchSpace(problem.space(), List.of());
        double optimum = BenchmarkCurves.optimum(problem.name(), epochs);
        for (Method method : methods) {
          for (boolean hyperband : List.of(false, true)) {
            for (String mode : List.of("budget", "trials")) {
              long started = System.nanoTime();
              for (int seed = 0; seed < seeds; seed++) {
                Pruner pruner = hyperband ? new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, epochs, seed) : null;
                SimulatedSweep.Result r = SimulatedSweep.run(problem, Samplers.create(method, space,
                    Goal.MAXIMIZE, seed), pruner, seed, workers,
                    mode.equals("budget") ? Integer.MAX_VALUE : trials,
                    mode.equals("budget") ? trials * epochs : Integer.MAX_VALUE);
                w.println(Json.write(record(problem.name(), method.word(), hyperband, mode, seed, optimum, r)));
              }
              System.err.printf("sweep %-13s %-6s %-9s %-6s %6.1f s%n", problem.name(), method.word(),
                  hyperband ? "hyperband" : "none", mode, (System.nanoTime() - started) / 1e9);
            }
          }
        }
      }
    }
  }

  private static Method sampler(String word) {
    Method m = Method.fromWord(word);
    if (m == null || m == Method.GRID) {
      throw new IllegalArgumentException("unknown sampler '" + word + "' (random, sobol or tpe)");
    }
    return m;
  }

  private static ObjectNode record(String problem, String sampler, boolean hyperband, String mode, int seed,
      double optimum, SimulatedSweep.Result r) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("tool", "sweep");
    o.put("sampler", sampler);
    o.put("pruner", hyperband ? "hyperband" : "none");
    o.put("problem", problem);
    o.put("mode", mode);
    o.put("seed", seed);
    o.put("optimum", optimum);
    return r.addTo(o);
  }
}
