package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/nightly.sh: names the sweep by date, resumes it, promotes, logs per night with the night's report beside
 * the log, prunes old logs and reports.
 */
class NightlyScriptTest {
  @TempDir Path dir;

  /** A `sweep` executable running this build's classes, for the script's SWEEP_BIN. */
  private Path sweepBin() throws java.io.IOException {
    Path bin = dir.resolve("sweep-bin");
    Files.writeString(bin, "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -cp '" + System.getProperty("java.class.path") + "' sweep.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** An env file for the script: the database, the log directory and this build as {@code sweep}. */
  private Path env(Path logs) throws java.io.IOException {
    Path env = dir.resolve("nightly.env");
    Files.writeString(env, "SWEEP_DB=" + dir.resolve("s.db") + "\nSWEEP_LOG_DIR=" + logs + "\nSWEEP_BIN=" + sweepBin()
        + "\n");
    return env;
  }

  /** Runs the script for {@code spec} (on the night {@code night}, or today when null); its exit code. */
  private static int night(Path spec, Path env, String night) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "scripts/nightly.sh", spec.toString(), env.toString()))
        .redirectErrorStream(true);
    if (night != null) {
      pb.environment().put("SWEEP_NIGHT", night);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    System.out.print(out);
    return code;
  }

  @Test
  void runsResumesPromotesAndPrunesOldLogs() throws Exception {
    Path spec = dir.resolve("nightly-demo.yaml");
    Files.writeString(spec, """
        task: benchmark
        benchmark: {problem: log-sensitive}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 2}
        retrain: {epochs: 2}
        runs_dir: %s
        """.formatted(dir.resolve("artifacts/runs")));
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    Path old = logs.resolve("nightly-demo-2020-01-01.log");
    Files.writeString(old, "old");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(40, ChronoUnit.DAYS)));
    Path oldReport = logs.resolve("nightly-demo-2020-01-01.html");
    Files.writeString(oldReport, "old");
    Files.setLastModifiedTime(oldReport, FileTime.from(Instant.now().minus(40, ChronoUnit.DAYS)));
    Path env = env(logs);
    for (int night = 0; night < 2; night++) {
      assertThat(night(spec, env, null)).isZero();
    }
    String name = "nightly-demo-" + LocalDate.now(ZoneOffset.UTC);
    Path log = logs.resolve(name + ".log");
    String text = Files.readString(log);
    assertThat(text).contains("sweep '" + name + "' complete").contains("promoted " + name)
        .contains("sweep '" + name + "' is already complete").contains("not promoted");
    assertThat(text).contains("sweep report exited 0");
    assertThat(old).doesNotExist();
    assertThat(oldReport).doesNotExist();
    assertThat(dir.resolve("artifacts/production/CURRENT.json")).exists();
    try (var files = Files.list(logs)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .containsExactlyInAnyOrder(name + ".log", name + ".html");
    }
    assertThat(Files.readString(logs.resolve(name + ".html"))).contains("\"name\":\"" + name + "\"")
        .contains("\"promoted\":true");
  }

  @Test
  void aFailedNightStillGetsItsReport() throws Exception {
    Path spec = dir.resolve("broken.yaml");
    Files.writeString(spec, """
        task: benchmark
        benchmark: {problem: log-sensitive, fail: {trials: [0, 1], epoch: 1, mode: crash}}
        metric: {name: val_score, goal: maximize}
        run_cap: 2
        max_retries: 0
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 2}
        runs_dir: %s
        """.formatted(dir.resolve("artifacts/runs")));
    Path logs = dir.resolve("logs");
    assertThat(night(spec, env(logs), "2030-02-01")).isEqualTo(1);
    assertThat(Files.readString(logs.resolve("broken-2030-02-01.log"))).contains("sweep run exited 1")
        .doesNotContain("--promote").contains("sweep report exited 0");
    assertThat(Files.readString(logs.resolve("broken-2030-02-01.html"))).contains("\"state\":\"FAILED\"");
  }

  @Test
  void theSpecsRetentionKeepsTheLastNightsRunDirectories() throws Exception {
    Path spec = dir.resolve("kept.yaml");
    Files.writeString(spec, """
        task: benchmark
        benchmark: {problem: log-sensitive}
        metric: {name: val_score, goal: maximize}
        run_cap: 1
        parameters:
          learning_rate: {value: 0.001}
        trial: {epochs: 3}
        retention: {keep_sweeps: 2}
        runs_dir: %s
        """.formatted(dir.resolve("artifacts/runs")));
    Path env = env(dir.resolve("logs"));
    for (String night : List.of("2030-01-01", "2030-01-02", "2030-01-03")) {
      assertThat(night(spec, env, night)).isZero();
    }
    try (var runs = Files.list(dir.resolve("artifacts/runs"))) {
      assertThat(runs.map(f -> f.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("kept-2030-01-02", "kept-2030-01-03");
    }
    try (var left = Files.list(dir.resolve("artifacts/runs/kept-2030-01-03/trial-0000"))) {
      assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).toList())
          .as("the best and the latest of three").contains("checkpoint-3").hasSizeLessThanOrEqualTo(2);
    }
  }
}
