package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.EventRecord;
import sweep.store.Phase;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;

/** Trials take device slots: never more at once than there are slots, each with its own devices. */
class DeviceSlotsTest {
  @TempDir Path dir;

  @Test
  void sixteenTrialsOnFourCpuSlotsNeverRunMoreThanFourAtOnce() throws Exception {
    Path spec = dir.resolve("slots.yaml");
    Files.writeString(spec, """
        name: slots
        task: benchmark
        benchmark: {problem: log-sensitive, epoch_seconds: 0.3}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 16
        max_parallel: 4
        devices: cpu
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 2}
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("slots").orElseThrow();
      List<TrialRecord> trials = store.trials(s.id()).stream().filter(t -> t.phase() == Phase.SEARCH).toList();
      assertThat(trials).hasSize(16);
      assertThat(maxOverlap(trials)).isEqualTo(4);
    }
  }

  @Test
  void gpuGroupsAreHandedOutAsCudaVisibleDevices() throws Exception {
    Path spec = dir.resolve("gpus.yaml");
    Files.writeString(spec, """
        name: gpus
        task: command
        command: [bash, -c, 'echo "devices=$CUDA_VISIBLE_DEVICES" >&2; sleep 0.5; echo "{\\"epoch\\": 1, \\"val_f1\\": 0.5}"']
        metric: {name: val_f1, goal: maximize}
        run_cap: 6
        max_parallel: 4
        devices: [0, 1, 2, 3]
        gpus_per_trial: 2
        parameters:
          x: {values: [1, 2, 3, 4, 5, 6]}
        method: grid
        trial: {epochs: 1}
        runs_dir: %s
        """.formatted(dir.resolve("runs")));
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC())) {
      SweepRecord s = store.sweep("gpus").orElseThrow();
      List<TrialRecord> trials = store.trials(s.id());
      for (TrialRecord t : trials) {
        String log = Files.readString(Path.of(t.trialDir(), "trial.log"));
        assertThat(log).containsAnyOf("devices=0,1", "devices=2,3");
      }
      assertThat(store.events(s.id()).stream().filter(e -> e.type().equals("started")).map(EventRecord::message))
          .allMatch(m -> m.contains("on gpu 0,1") || m.contains("on gpu 2,3"));
      assertThat(maxOverlap(trials.stream().filter(t -> t.phase() == Phase.SEARCH).toList())).isLessThanOrEqualTo(2);
    }
  }

  /** The largest number of trials whose [started, ended] intervals overlap. */
  static int maxOverlap(List<TrialRecord> trials) {
    List<long[]> edges = new ArrayList<>();
    for (TrialRecord t : trials) {
      edges.add(new long[] {millis(t.startedAt()), 1});
      edges.add(new long[] {millis(t.endedAt()), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  private static long millis(Instant i) {
    return i.toEpochMilli();
  }
}
