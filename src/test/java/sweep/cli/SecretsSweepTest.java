package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.artifact.Checksums;
import sweep.testing.SweepProcess;

/**
 * A secret planted in every kind of credential variable appears in none of a sweep's outputs or files: not what it
 * prints, not its log or the trials' logs, not the database, not the run directories, the artifact store or
 * production. The trial's program still gets the value it was given.
 */
class SecretsSweepTest {
  @TempDir Path dir;

  /** Variable to planted value: an AWS key pair and session token, names with TOKEN, PASSWORD, CREDENTIAL, KEY,
   * and a plain name the spec lists in secret_env. */
  private static final Map<String, String> PLANTED = Map.of("AWS_ACCESS_KEY_ID", "AKIAPLANTEDKEY0001",
      "AWS_SECRET_ACCESS_KEY", "plantedSecretAccess0002", "AWS_SESSION_TOKEN", "plantedSessionToken0003",
      "HUB_TOKEN", "plantedHubToken0004", "DB_PASSWORD", "plantedPassword0005", "GCS_CREDENTIAL",
      "plantedCredential0006", "WANDB_API_KEY", "plantedApiKey0007", "LICENSE_SERIAL", "plantedSerial0008");

  private Process sweep(Map<String, String> env, Path log, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(SweepProcess.command(args)).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void noPlantedSecretAppearsInAnyOutputOrFile() throws Exception {
    Path program = dir.resolve("inputs/train.py");
    Files.createDirectories(program.getParent());
    // The program prints its whole environment (as a careless script might), checks it got the token intact, and
    // writes a checkpoint.
    Files.writeString(program, """
        import hashlib, json, os, sys
        for k, v in sorted(os.environ.items()):
            print("env %s=%s" % (k, v), flush=True)
            print("stderr %s=%s" % (k, v), file=sys.stderr, flush=True)
        if hashlib.sha256(os.environ["HF_TOKEN"].encode()).hexdigest() != sys.argv[1]:
            sys.exit("HF_TOKEN did not arrive intact")
        d = os.environ["SWEEP_TRIAL_DIR"]
        for e in (1, 2):
            os.makedirs(os.path.join(d, "checkpoint-%d" % e), exist_ok=True)
            with open(os.path.join(d, "checkpoint-%d" % e, "model.bin"), "w") as f:
                f.write("weights %d" % e)
            print(json.dumps({"epoch": e, "val_f1": 0.4 + e / 10, "checkpoint": "checkpoint-%d" % e}), flush=True)
        """);
    Path spec = dir.resolve("inputs/secret.yaml");
    Files.writeString(spec, """
        name: secret-night
        task: command
        command: [python3, %s, %s]
        env: {HF_TOKEN: "${HUB_TOKEN}", SERIAL: "${LICENSE_SERIAL}", PLAIN: "shown"}
        secret_env: [LICENSE_SERIAL]
        method: random
        metric: {name: val_f1, goal: maximize}
        run_cap: 2
        parameters:
          x: {values: [1, 2]}
        trial: {epochs: 2}
        retrain: {epochs: 2}
        runs_dir: %s
        artifacts: %s
        """.formatted(program, Checksums.sha256(PLANTED.get("HUB_TOKEN").getBytes(StandardCharsets.UTF_8)),
        dir.resolve("runs"), dir.resolve("store")));
    Map<String, String> env = new HashMap<>(PLANTED);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_ENDPOINT_URL_S3", "http://" + PLANTED.get("AWS_ACCESS_KEY_ID") + ":" + PLANTED.get("DB_PASSWORD")
        + "@127.0.0.1:9/?X-Amz-Security-Token=" + PLANTED.get("AWS_SESSION_TOKEN"));
    String db = dir.resolve("sweep.db").toString();
    Files.createDirectories(dir.resolve("out"));

    List<String[]> commands = List.of(new String[] {"run", spec.toString(), "--db", db},
        new String[] {"status", "--db", db, "--json"}, new String[] {"trials", "--db", db, "--json"},
        new String[] {"best", "--db", db}, new String[] {"best", "--db", db, "--promote"},
        new String[] {"run", spec.toString(), "--db", db, "--resume"},
        // a command that fails on the S3 endpoint, whose address holds credentials
        new String[] {"sync", dir.resolve("runs").toString(), "s3://bucket/x"});
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      Process p = sweep(env, dir.resolve("out/command-" + i + ".log"), commands.get(i));
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
      codes.add(p.exitValue());
    }
    assertThat(codes.subList(0, 6)).as(Files.readString(dir.resolve("out/command-0.log")))
        .containsExactly(0, 0, 0, 0, 0, 0);
    assertThat(codes.get(6)).isNotZero();
    assertThat(Files.readString(dir.resolve("out/command-6.log"))).contains("127.0.0.1:9");
    assertThat(Files.readString(dir.resolve("store/runs/secret-night/trial-0000/trial.log")))
        .as("the program's output is in the log").contains("env PLAIN=shown").contains("HF_TOKEN=***");

    // a secret as the sweep's name is refused, without printing it
    Path named = dir.resolve("inputs/named.yaml");
    Files.writeString(named, Files.readString(spec).replace("name: secret-night", "name: night-${HUB_TOKEN}"));
    Process refused = sweep(env, dir.resolve("out/named.log"), "run", named.toString(), "--db", db);
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("out/named.log"))).contains("holds the value of HUB_TOKEN, a secret");

    List<String> leaks = new ArrayList<>();
    try (var walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("inputs"))).toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        PLANTED.forEach((var, value) -> {
          if (content.contains(value) || f.toString().contains(value)) {
            leaks.add(var + " in " + dir.relativize(f));
          }
        });
      }
    }
    assertThat(leaks).as("planted secrets found").isEmpty();
    assertThat(dir.resolve("store/production/CURRENT.json")).exists();
  }
}
