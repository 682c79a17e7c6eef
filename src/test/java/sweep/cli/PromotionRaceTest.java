package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.artifact.Promotion;
import sweep.aws.AwsConfig;
import sweep.testing.BenchmarkSpec;
import sweep.testing.Cli;
import sweep.testing.LocalS3Proxy;
import sweep.testing.SweepProcess;
import sweep.util.Json;

/**
 * Two sweeps in two databases promote into one artifact store at the same moment, from two {@code sweep best
 * --promote} processes, twenty times over, on a local directory and on S3: production ends on the better model every
 * time, whichever process gets there first.
 */
@ExtendWith(LocalS3Proxy.class)
class PromotionRaceTest {
  @TempDir Path dir;

  private static final int ROUNDS = 20;

  private Path spec(String name, int seed, String artifacts) throws Exception {
    return BenchmarkSpec.write(dir.resolve(name + ".yaml"), name, seed, "runs_dir: " + dir.resolve("runs-" + name)
        + "\nartifacts: " + artifacts + "\n");
  }

  /** Runs sweeps night-a and night-b to the store; returns the better one's name and value. */
  private Map.Entry<String, Double> twoSweeps(String artifacts, Map<String, String> env) throws Exception {
    double[] values = new double[2];
    String[] names = {"night-a", "night-b"};
    for (int i = 0; i < 2; i++) {
      String db = dir.resolve(names[i] + ".db").toString();
      Cli.Result r = Cli.run(env, "run", spec(names[i], 11 + i, artifacts).toString(), "--db", db);
      assertThat(r.code()).as(r.toString()).isZero();
      values[i] = Json.tree(Cli.run(env, "best", "--db", db, "--json").out()).path("value").asDouble();
    }
    assertThat(values[0]).as("the two sweeps found different models").isNotEqualTo(values[1]);
    int better = values[0] > values[1] ? 0 : 1;
    return Map.entry(names[better], values[better]);
  }

  private void race(String artifacts, Map<String, String> env, Runnable clearProduction) throws Exception {
    Map.Entry<String, Double> best = twoSweeps(artifacts, env);
    for (int round = 0; round < ROUNDS; round++) {
      clearProduction.run();
      List<Process> promotions = new ArrayList<>();
      for (String name : List.of("night-a", "night-b")) {
        ProcessBuilder pb = new ProcessBuilder(SweepProcess.command("best", name, "--db",
            dir.resolve(name + ".db").toString(), "--promote")).redirectErrorStream(true)
            .redirectOutput(dir.resolve("promote-" + name + "-" + round + ".log").toFile());
        pb.environment().putAll(env);
        promotions.add(pb.start());
      }
      for (Process p : promotions) {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("round %d: %s", round, log(round)).isZero();
      }
      try (ArtifactStore store = ArtifactStores.open(artifacts, env)) {
        JsonNode current = Json.mapper().readTree(store.read(Promotion.POINTER).orElseThrow());
        assertThat(current.path("sweep").asText()).as("round %d: %s", round, log(round)).isEqualTo(best.getKey());
        assertThat(current.path("value").asDouble()).isEqualTo(best.getValue());
      }
    }
  }

  private String log(int round) throws Exception {
    return Files.readString(dir.resolve("promote-night-a-" + round + ".log")) + " | "
        + Files.readString(dir.resolve("promote-night-b-" + round + ".log"));
  }

  @Test
  void racingPromotionsIntoADirectoryLeaveTheBetterModel() throws Exception {
    Path artifacts = dir.resolve("store");
    race(artifacts.toString(), Map.of(), () -> deleteTree(artifacts.resolve("production")));
  }

  @Test
  void racingPromotionsIntoS3LeaveTheBetterModel() throws Exception {
    Map<String, String> env = LocalS3Proxy.env();
    AwsConfig aws = new AwsConfig(env);
    try (S3Client s3 = aws.s3()) {
      s3.createBucket(b -> b.bucket("race"));
    }
    race("s3://race/models", env, () -> {
      try (S3Client s3 = aws.s3()) {
        s3.listObjectsV2Paginator(b -> b.bucket("race").prefix("models/production/")).contents()
            .forEach(o -> s3.deleteObject(b -> b.bucket("race").key(o.key())));
      }
    });
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
