package sweep.report.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EpochRecord;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.testing.NeedsPackage;

/**
 * A whole sweep with complete, pruned and failed trials, run through the CLI: its {@code runs/<sweep>/tb} read back
 * without sweep's classes ({@link RawRecords} for framing and CRCs, {@code protoc --decode_raw} for the messages)
 * and held to the store: one run per trial whose HParams session carries its parameters and final status, and a
 * scalar per recorded metric per epoch.
 */
@NeedsPackage("protobuf-compiler")
class TensorBoardSweepTest {
  @TempDir Path dir;

  @Test
  void everyTrialIsARunWithItsParametersItsEpochsAndItsStatus() throws Exception {
    Path file = dir.resolve("tb.yaml");
    Files.writeString(file, "name: tb\nruns_dir: " + dir.resolve("runs") + "\n" + """
        task: benchmark
        benchmark: {problem: batch-lr, noise: 0.0, fail: {trials: [0], epoch: 3, mode: crash}}
        method: random
        seed: 4
        metric: {name: val_score, goal: maximize}
        run_cap: 9
        max_parallel: 2
        max_retries: 0
        max_failed_trials: 5
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-6, max: 1.0e-3}
          per_device_train_batch_size: {values: [8, 16, 32]}
        trial: {epochs: 9}
        early_terminate: {type: hyperband, min_iter: 1, eta: 3}
        """);
    String db = dir.resolve("sweep.db").toString();
    Cli.Result r = Cli.run("run", file.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    Path tb = dir.resolve("runs/tb/tb");

    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord sweep = store.sweep("tb").orElseThrow();
      List<TrialRecord> trials = store.trials(sweep.id());
      assertThat(trials.stream().map(TrialRecord::state).collect(Collectors.toSet()))
          .as("the sweep has every final state").contains(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED);

      List<byte[]> experiment = RawRecords.read(SweepBoardTest.onlyFile(tb));
      DecodedRaw exp = SweepBoardTest.hparams(DecodedRaw.decode(experiment.get(1)), "_hparams_/experiment", 2);
      assertThat(exp.messages(4).stream().map(i -> i.string(1)))
          .containsExactlyInAnyOrder("learning_rate", "per_device_train_batch_size");
      assertThat(exp.path(5, 1).string(2)).isEqualTo("val_score");

      Set<String> runs = new TreeSet<>();
      try (Stream<Path> dirs = Files.list(tb)) {
        dirs.filter(Files::isDirectory).forEach(d -> runs.add(d.getFileName().toString()));
      }
      assertThat(runs).isEqualTo(trials.stream().map(TrialRecord::dirName).collect(Collectors.toCollection(TreeSet::new)));
      for (TrialRecord t : trials) {
        checkTrial(t, store.epochs(t.id()), RawRecords.read(SweepBoardTest.onlyFile(tb.resolve(t.dirName()))));
      }
    }
  }

  private static void checkTrial(TrialRecord t, List<EpochRecord> epochs, List<byte[]> records) throws Exception {
    String what = "trial " + t.label() + " (" + t.state() + ")";
    assertThat(records).as(what).hasSize(epochs.size() + 3);
    assertThat(DecodedRaw.decode(records.get(0)).string(3)).isEqualTo("brain.Event:2");

    DecodedRaw start = SweepBoardTest.hparams(DecodedRaw.decode(records.get(1)), "_hparams_/session_start_info", 3);
    Map<String, Double> params = new LinkedHashMap<>();
    start.messages(1).forEach(e -> params.put(e.string(1), e.message(2).float64(2)));
    Map<String, Double> recorded = new LinkedHashMap<>();
    t.params().forEach((k, v) -> recorded.put(k, ((Number) v).doubleValue()));
    assertThat(params).as(what + ": its parameters").isEqualTo(recorded);

    for (int i = 0; i < epochs.size(); i++) {
      DecodedRaw event = DecodedRaw.decode(records.get(2 + i));
      EpochRecord e = epochs.get(i);
      assertThat(event.varint(2)).as(what + ": step").isEqualTo(e.epoch());
      Map<String, Float> scalars = new LinkedHashMap<>();
      event.message(5).messages(1).forEach(v -> scalars.put(v.string(1), v.float32(2)));
      Map<String, Float> expected = new LinkedHashMap<>();
      e.metrics().forEach((k, v) -> {
        if (!k.equals(EpochRecord.STEP)) {
          expected.put(k, v.floatValue());
        }
      });
      assertThat(scalars).as(what + ": epoch " + e.epoch()).isEqualTo(expected);
    }

    DecodedRaw endEvent = DecodedRaw.decode(records.get(records.size() - 1));
    DecodedRaw end = SweepBoardTest.hparams(endEvent, "_hparams_/session_end_info", 4);
    assertThat(end.varint(1)).as(what + ": status").isEqualTo(t.state() == TrialState.FAILED ? 2 : 1);
    assertThat(endEvent.path(5, 1, 9).string(3)).as(what + ": state").isEqualTo(t.state().name().toLowerCase());
  }
}
