package sweep.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import sweep.store.DataSnapshot;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.testing.Cli;

/**
 * A benchmark sweep with every kind of trial a report marks, run through the CLI: complete ones, pruned ones
 * (hyperband), early-stopped ones, out-of-memory retries (the per-device batch halved), failed ones (an odd batch
 * cannot be halved and {@code max_retries: 0}), a retrain, one promotion made and one refused. The benchmark task has
 * no data, so a data snapshot is recorded through the store afterwards, as a task with data records it.
 */
public final class ReportSweep {
  public static final String NAME = "report";

  private ReportSweep() {}

  private static Path shared;

  /**
   * The database of one such sweep run once per test JVM (the test classes that read it only read it), in a
   * directory removed when the JVM exits.
   */
  public static synchronized Path shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("sweep-report-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      shared = run(dir);
    }
    return shared;
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException ignored) {
      // a temporary directory
    }
  }

  /** Runs the sweep in {@code dir}; returns the database. */
  static Path run(Path dir) throws Exception {
    Path spec = dir.resolve("report.yaml");
    Files.writeString(spec, "name: " + NAME + "\nruns_dir: " + dir.resolve("runs") + "\nartifacts: "
        + dir.resolve("artifacts") + "\n" + """
        task: benchmark
        benchmark: {problem: batch-lr, noise: 0.002, fail: {trials: [0, 1, 2, 3, 4], epoch: 1, mode: oom}}
        method: random
        seed: 3
        metric: {name: val_score, goal: maximize}
        run_cap: 12
        max_parallel: 2
        max_retries: 0
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 2.0e-6, max: 2.0e-4}
          per_device_train_batch_size: {values: [3, 8, 16, 32]}
          weight_decay: {distribution: uniform, min: 0.0, max: 0.1}
        trial: {epochs: 9, early_stopping_patience: 2, early_stopping_threshold: 0.0005}
        retrain: {epochs: 12}
        early_terminate: {type: hyperband, min_iter: 1, eta: 3}
        promote: {min_delta: 0.001}
        """);
    Path db = dir.resolve("sweep.db");
    Cli.Result r = Cli.run("run", spec.toString(), "--db", db.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    Cli.Result promoted = Cli.run("best", "--db", db.toString(), "--promote");
    assertThat(promoted.code()).as(promoted.toString()).isZero();
    Cli.Result refused = Cli.run("best", "--db", db.toString(), "--promote");
    assertThat(refused.code()).as(refused.toString()).isZero();
    try (Store store = SqliteStore.openExisting(db, Clock.systemUTC())) {
      SweepRecord s = store.sweep(NAME).orElseThrow();
      store.recordDataSnapshot(s.id(), new DataSnapshot("dynamodb://receipts", "runs/report/data/receipts.jsonl",
          1204, 1190, "sha256:5f2c0a", "14 bad rows skipped (9 length_mismatch, 5 unknown_tag), e.g. line 4: labels",
          "{}", Instant.EPOCH));
    }
    return db;
  }

  /** The report the store holds now. */
  public static SweepReport report(Path db) {
    try (Store store = SqliteStore.openReadOnly(db, Clock.systemUTC())) {
      return ReportBuilder.build(store, store.sweep(NAME).orElseThrow(), Instant.now());
    }
  }
}
