package sweep.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sweep.prune.EarlierTrials;
import sweep.prune.HyperbandPruner;
import sweep.prune.Pruner;
import sweep.search.SearchSpace;
import sweep.search.Samplers;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.util.Json;

/**
 * The warm-start benchmark, sweep's side: for every problem of the suite and seed s, night 1 is a TPE sweep of
 * seed s on the problem; night 2 (seed {@link #nightTwoSeed}) runs on the problem drifted by {@link Drift#of}
 * twice at the same epoch budget, cold and warm-started from night 1's trials at weight W, each without pruning
 * and with hyperband (night 1 as night 2). One JSON object per night-2 run.
 *
 * <p>usage: {@code WarmBench OUT.jsonl SEEDS EPOCHS TRIALS WORKERS WEIGHT}: budgets of TRIALS * EPOCHS epochs.
 */
public final class WarmBench {
  private WarmBench() {}

  /** Night 2's seed for seed s: its sampler's and its trials' noise. */
  public static long nightTwoSeed(long seed) {
    return seed + 100_000;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int seeds = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int trials = Integer.parseInt(args[3]);
    int workers = Integer.parseInt(args[4]);
    double weight = Double.parseDouble(args[5]);
    int budget = trials * epochs;
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (BenchProblem problem : BenchProblem.suite(epochs)) {
        SearchSpace space = new SearchSpace(problem.space(), List.of());
        for (boolean hyperband : List.of(false, true)) {
          long started = System.nanoTime();
          for (int seed = 0; seed < seeds; seed++) {
            long two = nightTwoSeed(seed);
            SimulatedSweep.Result one = SimulatedSweep.run(problem, SimulatedSweep.Curves.of(problem),
                Samplers.create(Method.TPE, space, Goal.MAXIMIZE, seed), pruner(hyperband, epochs, seed), seed,
                workers, Integer.MAX_VALUE, budget, EarlierTrials.NONE);
            Drift drift = Drift.of(problem, seed);
            double optimum = drift.optimum(epochs);
            for (String start : List.of("cold", "warm")) {
              SimulatedSweep.Result r = SimulatedSweep.run(problem, drift,
                  Samplers.create(Method.TPE, space, Goal.MAXIMIZE, two), pruner(hyperband, epochs, two), two,
                  workers, Integer.MAX_VALUE, budget, start.equals("warm") ? one.earlier(weight) : EarlierTrials.NONE);
              w.println(Json.write(record(problem.name(), hyperband, start, seed, optimum, r, drift)));
            }
          }
          System.err.printf("sweep %-13s tpe %-9s %6.1f s%n", problem.name(), hyperband ? "hyperband" : "none",
              (System.nanoTime() - started) / 1e9);
        }
      }
    }
  }

  private static Pruner pruner(boolean hyperband, int epochs, long seed) {
    return hyperband ? new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, epochs, seed) : null;
  }

  private static ObjectNode record(String problem, boolean hyperband, String start, int seed, double optimum,
      SimulatedSweep.Result r, Drift drift) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("tool", "sweep");
    o.put("pruner", hyperband ? "hyperband" : "none");
    o.put("start", start);
    o.put("problem", problem);
    o.put("seed", seed);
    o.put("optimum", optimum);
    o.put("shift", drift.shift());
    o.put("level", drift.level());
    return r.addTo(o);
  }
}
