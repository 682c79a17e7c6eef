package sweep.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.cli.Context;
import sweep.cli.Main;
import sweep.prune.HyperbandPruner;
import sweep.prune.Pruner;
import sweep.schedule.SearchHistory;
import sweep.search.Draws;
import sweep.search.Observation;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.search.Seeds;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.spec.ParamSpec;
import sweep.store.NewSweep;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.train.benchmark.BenchmarkCurves;
import sweep.util.Json;

/**
 * The scale benchmark's Java side. {@code fill DB N} creates a database (through {@link SqliteStore}, so the
 * schema is the real one) holding a sweep of N finished search trials with 3 to 9 epochs of metrics and a
 * checkpoint each, written in one transaction. {@code measure DB} times, in this JVM, {@code sweep best} and
 * {@code sweep status} (the command's whole work through {@link Main}, output included) and a TPE proposal with
 * every trial as an observation: the first call, the median of the next 12, and the median of 12 more after 100
 * unrecorded ones (warm); one JSON object per line on stdout.
 */
public final class ScaleBench {
  static final Map<String, ParamSpec> SPACE = new LinkedHashMap<>();

  static {
    SPACE.put("learning_rate", new ParamSpec.LogUniform(1e-5, 1e-2));
    SPACE.put("per_device_train_batch_size", new ParamSpec.Categorical(List.of(8L, 16L, 32L, 64L)));
    SPACE.put("weight_decay", new ParamSpec.Uniform(0, 0.1));
  }

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[1]);
    if (args[0].equals("fill")) {
      fill(db, Integer.parseInt(args[2]));
    } else {
      measure(db);
    }
  }

  static void fill(Path db, int n) throws Exception {
    long sweepId;
    try (SqliteStore store = SqliteStore.open(db, Clock.systemUTC())) {
      sweepId = store.createSweep(new NewSweep("scale", "scale.yaml", "0".repeat(64), "{}", "val_score",
          Goal.MAXIMIZE, Draws.VERSION)).id();
    }
    Sampler random = Samplers.create(Method.RANDOM, new SearchSpace(SPACE, List.of()), Goal.MAXIMIZE, 1);
    long now = System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.setAutoCommit(false);
      PreparedStatement trial = c.prepareStatement("INSERT INTO trials (id, sweep_id, phase, number, state, reason,"
          + " params_json, seed, epochs, best_epoch, best_value, last_epoch, trial_dir, pid, attempts, created_at,"
          + " started_at, ended_at, heartbeat_at) VALUES (?,?,'SEARCH',?,?,?,?,?,9,?,?,?,?,?,1,?,?,?,?)");
      PreparedStatement metric = c.prepareStatement(
          "INSERT INTO metrics (trial_id, epoch, name, value, recorded_at) VALUES (?,?,?,?,?)");
      PreparedStatement checkpoint = c.prepareStatement(
          "INSERT INTO checkpoints (trial_id, epoch, path, recorded_at) VALUES (?,?,?,?)");
      PreparedStatement event = c.prepareStatement(
          "INSERT INTO events (sweep_id, trial_id, at, type, message) VALUES (?,?,?,?,?)");
      for (int i = 0; i < n; i++) {
        long id = i + 1;
        Map<String, Object> params = random.propose(i, List.of());
        int last = 3 + i % 7;
        boolean pruned = last < 9;
        int bestEpoch = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int e = 1; e <= last; e++) {
          double v = BenchmarkCurves.noisy("batch-lr", Map.of("learning_rate", params.get("learning_rate"),
              "per_device_train_batch_size", params.get("per_device_train_batch_size")), 0.005, Seeds.trial(1, i), e);
          for (String name : List.of("val_score", "val_loss", "train_loss")) {
            metric.setLong(1, id);
            metric.setInt(2, e);
            metric.setString(3, name);
            metric.setDouble(4, name.equals("val_score") ? v : 1 - v);
            metric.setLong(5, now);
            metric.addBatch();
          }
          if (v > best) {
            best = v;
            bestEpoch = e;
          }
        }
        checkpoint.setLong(1, id);
        checkpoint.setInt(2, last);
        checkpoint.setString(3, "checkpoint-" + last);
        checkpoint.setLong(4, now);
        checkpoint.addBatch();
        Object[] values = {id, sweepId, i, pruned ? "PRUNED" : "COMPLETE", pruned ? "pruned (hyperband)" : "ran 9 of 9",
            Json.write(params), Seeds.trial(1, i), bestEpoch, best, last, "/runs/scale/trial-" + i, 1000 + i, now, now,
            now, now};
        for (int k = 0; k < values.length; k++) {
          trial.setObject(k + 1, values[k]);
        }
        trial.addBatch();
        for (String type : List.of("created", "started", pruned ? "pruned" : "complete")) {
          event.setLong(1, sweepId);
          event.setLong(2, id);
          event.setLong(3, now);
          event.setString(4, type);
          event.setString(5, type);
          event.addBatch();
        }
        if (i % 1000 == 999) {
          trial.executeBatch();
          metric.executeBatch();
          checkpoint.executeBatch();
          event.executeBatch();
        }
      }
      trial.executeBatch();
      metric.executeBatch();
      checkpoint.executeBatch();
      event.executeBatch();
      c.commit();
    }
  }

  static void measure(Path db) throws Exception {
    Context context = new Context(Map.of(), Clock.systemUTC(), false);
    report("sweep best --json", time(12, () -> cli(context, "best", "--db", db.toString(), "--json")));
    report("sweep status", time(12, () -> cli(context, "status", "--db", db.toString())));
    SearchSpace space = new SearchSpace(SPACE, List.of());
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.latestSweep().orElseThrow();
      int[] number = {store.trials(s.id()).size()};
      SearchHistory history = new SearchHistory(store, s.id(), s.metric());
      List<Observation> fixed = history.observations();
      report("tpe propose with the orchestrator's history (first: every trial read; then: what changed)",
          time(12, () -> {
            SearchHistory fresh = number[0] == fixed.size() ? new SearchHistory(store, s.id(), s.metric()) : history;
            Samplers.create(Method.TPE, space, Goal.MAXIMIZE, 1).propose(number[0]++, fresh.observations());
          }));
      int start = number[0];
      SearchHistory pruned = new SearchHistory(store, s.id(), s.metric());
      report("tpe propose under hyperband, with the orchestrator's history and curves (first: every trial read)",
          time(12, () -> {
            SearchHistory h = number[0] == start ? new SearchHistory(store, s.id(), s.metric()) : pruned;
            int n = number[0]++;
            Pruner hyperband = new HyperbandPruner(Goal.MAXIMIZE, 1, 3, false, 9, 1);
            SearchHistory.View view = h.view();
            Samplers.create(Method.TPE, space, Goal.MAXIMIZE, 1).propose(n,
                hyperband.history(n, view.observations(), view.curves()));
          }));
      report("tpe propose, " + fixed.size() + " observations in memory", time(12, () -> {
        Samplers.create(Method.TPE, space, Goal.MAXIMIZE, 1).propose(number[0]++, fixed);
      }));
    }
  }

  private static void cli(Context context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(context, new PrintWriter(out), new PrintWriter(err), args);
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + err);
    }
  }

  interface Work {
    void run() throws Exception;
  }

  /** Calls left unrecorded between the early runs and the warm ones. */
  private static final int WARMUP = 100;

  /**
   * Milliseconds of the first call, of each of {@code n} more (early), then, after {@link #WARMUP} unrecorded
   * calls, of {@code n} more (warm: as in a long-running orchestrator, whose JIT has compiled the hot code).
   */
  private static double[][] time(int n, Work work) throws Exception {
    double[] first = {once(work)};
    double[] early = new double[n];
    for (int i = 0; i < n; i++) {
      early[i] = once(work);
    }
    for (int i = 0; i < WARMUP; i++) {
      work.run();
    }
    double[] warm = new double[n];
    for (int i = 0; i < n; i++) {
      warm[i] = once(work);
    }
    return new double[][] {first, early, warm};
  }

  private static double once(Work work) throws Exception {
    long t0 = System.nanoTime();
    work.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void report(String what, double[][] ms) {
    System.out.println(Json.write(Map.of("what", what, "first_ms", ms[0][0], "median_ms", median(ms[1]),
        "warm_ms", median(ms[2]), "runs", ms[1].length, "warmup", WARMUP)));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
  }
}
