package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.TrialState;
import sweep.testing.Cli;
import sweep.util.Json;

/** Trials that run too long or stop showing signs of life are killed and failed; the sweep goes on. */
class DeadlinesTest {
  @TempDir Path dir;

  private Path spec(String name, String trial) throws Exception {
    return spec(name, trial, "");
  }

  private Path spec(String name, String trial, String fail) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, """
        name: %s
        task: benchmark
        benchmark: {problem: log-sensitive, epoch_seconds: 1.5%s}
        method: grid
        metric: {name: val_score, goal: maximize}
        parameters:
          learning_rate: {values: [0.0003]}
        trial: %s
        max_retries: 0
        runs_dir: %s
        """.formatted(name, fail, trial, dir.resolve("runs")));
    return f;
  }

  @Test
  void aHungTrialIsKilledAtItsTimeoutAndFailed() throws Exception {
    String db = dir.resolve("s.db").toString();
    Cli.Result r = Cli.run("run", spec("hung", "{epochs: 20, timeout: 4s}", ", fail: {trials: [0], epoch: 2, mode: hang}")
        .toString(), "--db", db);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText()).isEqualTo("ran longer than 4s (timeout); killed");
    assertThat(t.path("last_epoch").asInt()).as("hung in epoch 2").isEqualTo(1);
  }

  @Test
  void aTrialThatFallsSilentIsKilledAfterTheHeartbeatTimeout() throws Exception {
    String db = dir.resolve("s.db").toString();
    Path spec = spec("frozen", "{epochs: 40, heartbeat_timeout: 3s}");
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", spec.toString(), "--db",
        db));
    long pid = sweep.testing.StorePolling.waitForPid(Path.of(db), "frozen",
        t -> t.state() == TrialState.RUNNING && t.lastEpoch() != null);
    assertThat(pid).as("a trial got going").isPositive();
    // Freeze the trial's JVM: it stays alive but sends nothing, as a wedged process would.
    assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
    Cli.Result r = run.get(60, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    JsonNode t = Json.tree(Cli.run("trials", "--db", db, "--json").out()).get(0);
    assertThat(t.path("state").asText()).isEqualTo("FAILED");
    assertThat(t.path("reason").asText()).isEqualTo("no sign of life for 3s (heartbeat_timeout); killed");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }
}
