package sweep.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.cli.Context;
import sweep.testing.Cli;
import sweep.testing.ForwardingArtifactStore;
import sweep.testing.LocalAws;
import sweep.testing.LocalServer;
import sweep.util.Json;

/**
 * The S3 server goes away in the middle of {@code sweep best --promote}: the command fails with a clear message,
 * production still names the previous model and every file of it is readable, and a rerun succeeds.
 */
@ExtendWith(LocalAws.class)
class PromotionOutageTest {
  @TempDir Path dir;
  LocalServer s3;

  static final String SPEC = """
      task: benchmark
      benchmark: {problem: log-sensitive}
      method: random
      metric: {name: val_score, goal: maximize}
      run_cap: 2
      parameters:
        learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
      trial: {epochs: 2}
      retrain: {epochs: 2}
      artifacts: s3://models/prod
      """;

  @AfterEach
  void stop() {
    if (s3 != null) {
      s3.stop();
    }
  }

  /** Stops the S3 server when the promotion has copied {@code copies} objects, then carries on (and fails). */
  private Context stoppingAfter(Map<String, String> env, int copies) {
    return new Context(env, Clock.systemUTC(), false, (location, e) -> new Outage(ArtifactStores.open(location, e),
        copies));
  }

  private final class Outage extends ForwardingArtifactStore {
    int copiesLeft;

    Outage(ArtifactStore real, int copies) {
      super(real);
      this.copiesLeft = copies;
    }

    @Override
    public void copy(String from, String to) throws IOException {
      if (copiesLeft-- == 0) {
        s3.stop();
      }
      real.copy(from, to);
    }
  }

  private String sweep(Map<String, String> env, String name) throws IOException {
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, "name: " + name + "\n" + SPEC + "runs_dir: " + dir.resolve("runs") + "\n");
    String db = dir.resolve(name + ".db").toString();
    Cli.Result r = Cli.run(env, "run", spec.toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
    return db;
  }

  @Test
  void anOutageMidPromotionLeavesProductionWholeAndARerunSucceeds() throws Exception {
    s3 = LocalServer.s3Mock(dir.resolve("s3")).start();
    Map<String, String> env = new HashMap<>(LocalAws.env(s3.endpoint()));
    try (S3Client client = new AwsConfig(env).s3()) {
      client.createBucket(b -> b.bucket("models"));
    }
    String first = sweep(env, "night-1");
    String second = sweep(env, "night-2");
    Cli.Result promoted = Cli.run(env, "best", "--db", first, "--promote");
    assertThat(promoted.code()).as(promoted.toString()).isZero();

    Cli.Result outage = Cli.run(stoppingAfter(env, 1), "best", "--db", second, "--promote", "--force");
    assertThat(outage.code()).as(outage.toString()).isEqualTo(1);
    assertThat(outage.err().strip()).startsWith("sweep: error: promotion to s3://models/prod failed, production is"
        + " unchanged:").contains("s3://models/prod/").doesNotContain("\n").doesNotContain("Exception");

    s3.start();
    try (ArtifactStore store = ArtifactStores.open("s3://models/prod", env)) {
      JsonNode pointer = Json.tree(new String(store.read("production/CURRENT.json").orElseThrow()));
      assertThat(pointer.path("sweep").asText()).isEqualTo("night-1");
      sweep.artifact.Manifest m = sweep.artifact.Manifest.parse(store.read(pointer.path("manifest").asText())
          .orElseThrow()).orElseThrow();
      for (sweep.artifact.Manifest.Entry e : m.files()) {
        assertThat(sweep.artifact.Checksums.sha256(store.read(pointer.path("path").asText() + e.path())
            .orElseThrow())).isEqualTo(e.sha256());
      }
    }
    Cli.Result rerun = Cli.run(env, "best", "--db", second, "--promote", "--force");
    assertThat(rerun.code()).as(rerun.toString()).isZero();
    try (ArtifactStore store = ArtifactStores.open("s3://models/prod", env)) {
      assertThat(Json.tree(new String(store.read("production/CURRENT.json").orElseThrow())).path("sweep").asText())
          .isEqualTo("night-2");
    }
  }
}
