package sweep.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.artifact.Manifest;
import sweep.cli.Context;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.testing.ForwardingArtifactStore;
import sweep.testing.LocalAws;

/**
 * With an S3 store a trial's local run directory is deleted once its manifest is in the store, and not before: a
 * trial whose manifest cannot be written keeps it. What the store holds is what was synced; nothing is rewritten.
 */
@ExtendWith(LocalAws.class)
class RetentionS3Test {
  @TempDir Path dir;

  /** Manifests written, with whether the trial's local directory was there at that moment. */
  private final List<String> manifestWrites = new ArrayList<>();

  private Context watching(Map<String, String> env, String failingManifest) {
    return new Context(env, Clock.systemUTC(), false, (location, e) ->
        new ForwardingArtifactStore(ArtifactStores.open(location, e)) {
          @Override
          public void putBytes(String key, byte[] content) throws IOException {
            if (key.equals(failingManifest)) {
              throw new IOException("injected: cannot write " + key);
            }
            if (key.endsWith("/" + Manifest.NAME)) {
              String trial = key.substring(0, key.length() - Manifest.NAME.length() - 1);
              trial = trial.substring(trial.lastIndexOf('/') + 1);
              String sweep = key.split("/")[1];
              manifestWrites.add(key + (Files.isDirectory(dir.resolve("runs").resolve(sweep).resolve(trial))
                  ? "" : " after its directory was deleted"));
            }
            super.putBytes(key, content);
          }
        });
  }

  private Path spec(String name) throws IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        task: benchmark
        benchmark: {problem: noisy, noise: 0.05}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 4
        max_parallel: 2
        max_retries: 0
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 4}
        retrain: {epochs: 3}
        artifacts: s3://kept/sweeps
        runs_dir: %s
        """.formatted(name, dir.resolve("runs")));
    return spec;
  }

  @Test
  void aTrialsLocalDirectoryGoesOnlyOnceItsManifestIsInTheStore() throws Exception {
    Map<String, String> env = new HashMap<>(LocalAws.env());
    try (S3Client s3 = new AwsConfig(env).s3()) {
      s3.createBucket(b -> b.bucket("kept"));
    }
    String db = dir.resolve("sweep.db").toString();
    Cli.Result ok = Cli.run(watching(env, null), "run", spec("ok").toString(), "--db", db);
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(manifestWrites).noneMatch(w -> w.endsWith("deleted"));

    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC());
         ArtifactStore s3 = ArtifactStores.open("s3://kept/sweeps", env)) {
      for (TrialRecord t : store.trials(store.sweep("ok").orElseThrow().id())) {
        assertThat(Path.of(t.trialDir())).as("trial %s", t.label()).doesNotExist();
        String base = "runs/ok/" + t.dirName() + "/";
        Manifest m = Manifest.parse(s3.read(base + Manifest.NAME).orElseThrow()).orElseThrow();
        assertThat(m.files()).extracting(Manifest.Entry::path)
            .contains(t.bestCheckpoint() + "/state.json", t.lastCheckpoint() + "/state.json", "trial.log");
        for (Manifest.Entry e : m.files()) {
          assertThat(s3.read(base + e.path())).as(e.path()).isPresent();
        }
        assertThat(m.files().stream().map(Manifest.Entry::path).filter(p -> p.startsWith("checkpoint-"))
            .map(p -> p.substring(0, p.indexOf('/'))).distinct().sorted()).as("pruned before it was synced")
            .containsExactlyElementsOf(new java.util.TreeSet<>(List.of(t.bestCheckpoint(), t.lastCheckpoint())));
      }
      assertThat(dir.resolve("runs/ok/best/state.json")).exists();
      List<String> events = store.events(store.sweep("ok").orElseThrow().id()).stream()
          .map(e -> e.type() + ": " + e.message()).toList();
      assertThat(events.subList(0, events.indexOf(events.stream().filter(e -> e.startsWith("complete: best "))
          .findFirst().orElseThrow()))).as("deleted while the sweep went on")
          .anyMatch(e -> e.startsWith("retention: deleted the local run directory"));
    }
    Cli.Result promote = Cli.run(env, "best", "ok", "--db", db, "--promote");
    assertThat(promote.code()).as(promote.toString()).isZero();

    Cli.Result outage = Cli.run(watching(env, "runs/out/trial-0001/manifest.json"), "run", spec("out").toString(),
        "--db", db);
    assertThat(outage.code()).as(outage.toString()).isEqualTo(1);
    assertThat(outage.err() + outage.out()).contains("`sweep run --resume` syncs them again");
    Path kept = dir.resolve("runs/out/trial-0001");
    assertThat(kept).as("no manifest in the store: the local directory stays").isDirectory();
    assertThat(kept.resolve("trainer_state.json")).exists();
    try (Store store = SqliteStore.openExisting(Path.of(db), Clock.systemUTC());
         ArtifactStore s3 = ArtifactStores.open("s3://kept/sweeps", env)) {
      long deleted = 0;
      for (TrialRecord t : store.trials(store.sweep("out").orElseThrow().id())) {
        if (!Files.exists(Path.of(t.trialDir()))) {
          deleted++;
          assertThat(s3.read("runs/out/" + t.dirName() + "/" + Manifest.NAME)).as(t.label()).isPresent();
        }
      }
      assertThat(deleted).as("the other trials, once synced, were deleted as the sweep went").isPositive();
    }
  }
}
