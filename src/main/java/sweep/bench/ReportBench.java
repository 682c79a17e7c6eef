package sweep.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.report.model.HtmlReport;
import sweep.report.model.ReportBuilder;
import sweep.report.model.SweepReport;
import sweep.search.Draws;
import sweep.search.Sampler;
import sweep.search.Samplers;
import sweep.search.SearchSpace;
import sweep.search.Seeds;
import sweep.spec.Goal;
import sweep.spec.Method;
import sweep.store.DataSnapshot;
import sweep.store.NewSweep;
import sweep.store.NewTrial;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialLocation;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.train.benchmark.BenchmarkCurves;
import sweep.util.Json;

/**
 * The report benchmark's Java side. {@code fill DB N} writes, through the {@link Store} API as the orchestrator does,
 * a sweep of N search trials on 4 CPU slots under hyperband-like pruning (9 epochs; cut after 1 or 3, or run to the
 * end), with 2% crashing once and retried from their checkpoint, 1% out of memory and retried with half the batch,
 * 1% failing, three metrics and a checkpoint per epoch, then a retrain, a data snapshot and a promotion; the store's
 * clock advances by each epoch's time. {@code measure DB} builds the report's model and its HTML in this JVM: the
 * first time, then the median of 5; one JSON object on stdout.
 */
public final class ReportBench {
  private ReportBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "fill" -> fill(Path.of(args[1]), Integer.parseInt(args[2]));
      case "measure" -> measure(Path.of(args[1]));
      default -> throw new IllegalArgumentException("usage: ReportBench fill DB N | measure DB");
    }
  }

  /** A clock the filler moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static void fill(Path db, int n) throws Exception {
    Moving clock = new Moving();
    Sampler random = Samplers.create(Method.RANDOM, new SearchSpace(ScaleBench.SPACE, List.of()), Goal.MAXIMIZE, 1);
    String spec = "{\"parameters\": {\"learning_rate\": {\"distribution\": \"log_uniform_values\"},"
        + " \"per_device_train_batch_size\": {\"values\": [8, 16, 32, 64]}, \"weight_decay\": {}}}";
    try (SqliteStore store = SqliteStore.open(db, clock)) {
      SweepRecord s = store.createSweep(new NewSweep("report-scale", "scale.yaml", "0".repeat(64), spec,
          "val_score", Goal.MAXIMIZE, Draws.VERSION));
      store.recordDataSnapshot(s.id(), new DataSnapshot("dynamodb://receipts", "runs/report-scale/data/r.jsonl",
          120_000, 119_870, "f".repeat(64), "130 bad rows skipped (90 length_mismatch, 40 unknown_tag)", "{}",
          clock.now));
      Instant[] free = new Instant[4];
      Arrays.fill(free, clock.now);
      for (int i = 0; i < n; i++) {
        int slot = 0;
        for (int k = 1; k < free.length; k++) {
          slot = free[k].isBefore(free[slot]) ? k : slot;
        }
        clock.now = free[slot];
        Map<String, Object> params = random.propose(i, List.of());
        TrialRecord t = store.createTrial(new NewTrial(s.id(), Phase.SEARCH, i, params, Seeds.trial(1, i), 9, null));
        store.recordEvent(s.id(), t.id(), "created", Json.write(params));
        int last = i % 3 == 0 ? 9 : i % 3 == 1 ? 3 : 1;
        int crashAt = i % 50 == 7 ? Math.min(2, last) : i % 100 == 11 ? 1 : i % 100 == 13 ? last : 0;
        run(store, clock, s, t, params, 1, crashAt == 0 ? last : crashAt, slot);
        if (crashAt > 0 && i % 100 != 13) {
          boolean oom = i % 100 == 11;
          if (i % 100 == 57) {
            store.recordEvent(s.id(), t.id(), "killed", "no output or progress for 10m (heartbeat_timeout)");
          }
          store.requeueTrial(t.id(), oom ? "attempt 1 ran out of memory" : "attempt 1 failed (exit code 3); retrying");
          if (oom) {
            Map<String, Object> half = new LinkedHashMap<>(params);
            half.put("per_device_train_batch_size", ((Number) params.get("per_device_train_batch_size")).longValue() / 2);
            store.updatePendingParams(t.id(), half, "out of memory: retrying with per_device_train_batch_size 1/2");
            params = half;
          }
          run(store, clock, s, t, params, crashAt, last, slot);
        }
        TrialRecord done = store.trial(t.id());
        TrialState state = i % 100 == 13 ? TrialState.FAILED : last < 9 ? TrialState.PRUNED : TrialState.COMPLETE;
        String why = state == TrialState.FAILED
            ? "exit code 1: Exception in thread \"main\" java.lang.IllegalStateException: injected failure at epoch 9"
            : state == TrialState.PRUNED ? "pruned (hyperband): not in the best 1 of 3 trials of bracket 0 at epoch "
            + last + ", nor in the best third of the latest 9 at that epoch"
            : "ran 9 of 9 epochs";
        store.finishTrial(done.id(), state, why);
        store.recordEvent(s.id(), t.id(), state.name().toLowerCase(), why);
        free[slot] = clock.now;
      }
      TrialRecord best = store.bestTrial(s.id(), Phase.SEARCH).orElseThrow();
      clock.now = Arrays.stream(free).max(Instant::compareTo).orElseThrow();
      TrialRecord retrain = store.createTrial(new NewTrial(s.id(), Phase.RETRAIN, 0, best.params(), best.seed(), 12,
          best.id()));
      run(store, clock, s, retrain, best.params(), 1, 12, 0);
      store.finishTrial(retrain.id(), TrialState.COMPLETE, "ran 12 of 12 epochs");
      store.setSweepBest(s.id(), retrain.id(), "checkpoint-12");
      store.setSweepState(s.id(), SweepState.COMPLETE, null);
      store.recordPromotion(s.id(), retrain.id(), true, store.trial(retrain.id()).bestValue(), null, "v1", "promoted");
    }
  }

  /** One attempt of {@code t} from epoch {@code from} to {@code to}, each epoch 40 s of the store's clock. */
  private static void run(Store store, Moving clock, SweepRecord s, TrialRecord t, Map<String, Object> params,
      int from, int to, int slot) {
    store.startTrial(t.id(), "/opt/sweep/results/runs/report-scale-2026-01-01/" + t.dirName(), new TrialLocation("local", "bench", "h", 1000L));
    store.recordEvent(s.id(), t.id(), "started", "pid " + (1000 + t.id()) + " on cpu");
    if (from == 1) {
      store.recordProvenance(t.id(), new sweep.store.Provenance("0".repeat(64), t.seed(), params, "f".repeat(64),
          "abc1234", "0.1.0", "17", "Linux", Map.of("djl", "0.34.0")));
    }
    for (int e = from; e <= to; e++) {
      clock.now = clock.now.plus(Duration.ofSeconds(40));
      double v = BenchmarkCurves.noisy("batch-lr", Map.of("learning_rate", params.get("learning_rate"),
          "per_device_train_batch_size", params.get("per_device_train_batch_size")), 0.005, t.seed(), e);
      store.recordEpoch(t.id(), e, Map.of("val_score", v, "val_loss", 1 - v, "train_loss", 1.1 - v));
      store.recordCheckpoint(t.id(), e, "checkpoint-" + e);
    }
    clock.now = clock.now.plus(Duration.ofSeconds(2));
  }

  static void measure(Path db) throws Exception {
    List<Long> build = new ArrayList<>();
    List<Long> render = new ArrayList<>();
    int bytes = 0;
    int trials = 0;
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      SweepReport r;
      try (Store store = SqliteStore.openReadOnly(db, Clock.systemUTC())) {
        r = ReportBuilder.build(store, store.latestSweep().orElseThrow(), Instant.now());
      }
      long t1 = System.nanoTime();
      String html = HtmlReport.render(r);
      long t2 = System.nanoTime();
      build.add((t1 - t0) / 1_000_000);
      render.add((t2 - t1) / 1_000_000);
      bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      trials = r.trials().size();
    }
    System.out.println(Json.write(Map.of("trials", trials, "bytes", bytes, "build_first_ms", build.get(0),
        "render_first_ms", render.get(0), "build_ms", median(build.subList(1, build.size())), "render_ms",
        median(render.subList(1, render.size())))));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
