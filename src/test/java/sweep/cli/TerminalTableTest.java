package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sweep.testing.NeedsPackage;
import sweep.testing.SweepProcess;

/**
 * {@code sweep run} in a real terminal: a detached tmux session of a given size runs a 20-trial benchmark sweep,
 * and its whole scrollback ({@code tmux capture-pane -p -S -}) must show the live table's header once (a redraw
 * that appended would repeat it), the final line still there, and the live table, not the plain log lines.
 */
@NeedsPackage("tmux")
class TerminalTableTest {
  private static final Pattern HEADER = Pattern.compile("^trial +state +epoch +val_score +best +params$");
  private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ trial .*");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"80, 24", "200, 50"})
  void theTableIsDrawnInPlaceAndTheLastLineStays(int columns, int rows) throws Exception {
    Path spec = dir.resolve("tty.yaml");
    Files.writeString(spec, """
        name: tty
        task: benchmark
        benchmark: {problem: batch-lr, noise: 0.005}
        method: random
        metric: {name: val_score, goal: maximize}
        run_cap: 20
        seed: 3
        max_parallel: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-6, max: 1.0e-3}
          weight_decay: {distribution: uniform, min: 0.0, max: 0.1}
          warmup_ratio: {distribution: uniform, min: 0.0, max: 0.2}
          per_device_train_batch_size: {values: [4, 8, 16, 32]}
        fixed_products:
          effective_batch_size: {value: 32, factors: [per_device_train_batch_size, gradient_accumulation_steps]}
        trial: {epochs: 5, early_stopping_patience: 2, early_stopping_threshold: 0.001}
        retrain: {epochs: 10}
        artifacts: %s
        """.formatted(dir.resolve("results")));
    Path script = dir.resolve("run.sh");
    List<String> command = SweepProcess.command("run", spec.toString(), "--db",
        dir.resolve("s.db").toString());
    Files.writeString(script, "cd " + quote(dir.toString()) + "\n"
        + String.join(" ", command.stream().map(TerminalTableTest::quote).toList()) + "\n"
        + "echo $? > " + quote(dir.resolve("exit").toString()) + "\n"
        + "exec sleep 600\n"); // the pane stays as it is until the server is killed
    Path conf = dir.resolve("tmux.conf");
    Files.writeString(conf, "set -g history-limit 100000\n");
    String socket = "sweep-test-" + ProcessHandle.current().pid() + "-" + columns;
    try {
      tmux(socket, "-f", conf.toString(), "new-session", "-d", "-s", "t", "-x", Integer.toString(columns), "-y",
          Integer.toString(rows), "bash " + quote(script.toString()));
      long deadline = System.currentTimeMillis() + 300_000;
      while (!Files.exists(dir.resolve("exit")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      // each row of the terminal as it is, and (-J) with wrapped rows joined into the lines that were printed;
      // read again while the last output may still be on its way to the pane
      List<String> joined = capture(socket, "-J");
      for (int i = 0; i < 50 && joined.stream().noneMatch(l -> l.startsWith("sweep 'tty' complete")); i++) {
        Thread.sleep(100);
        joined = capture(socket, "-J");
      }
      List<String> lines = capture(socket);
      String shown = String.join("\n", lines);
      assertThat(Files.exists(dir.resolve("exit"))).as("the sweep ended within 5 minutes:\n" + shown).isTrue();
      assertThat(Files.readString(dir.resolve("exit")).trim()).as(shown).isEqualTo("0");
      assertThat(lines.stream().filter(l -> HEADER.matcher(l).matches())).as(shown).hasSize(1);
      assertThat(joined.get(joined.size() - 1)).as(shown).startsWith("sweep 'tty' complete: best val_score=")
          .endsWith("tty/best");
      assertThat(lines).as(shown).anyMatch(l -> l.startsWith("best val_score: search "))
          .anyMatch(l -> l.startsWith("retrain  COMPLETE"))
          .noneMatch(l -> LOG_LINE.matcher(l).matches());
      int done = lines.indexOf(lines.stream().filter(l -> l.startsWith("done: best val_score=")).findFirst()
          .orElseThrow());
      assertThat(lines.subList(0, done + 1)).as("no row of the table wraps:\n" + shown)
          .allMatch(l -> l.length() < columns);
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static List<String> capture(String socket, String... options) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-S", "-", "-t", "t"));
    args.addAll(List.of(options));
    List<String> lines = new ArrayList<>(tmux(socket, args.toArray(String[]::new)).lines()
        .map(String::stripTrailing).toList());
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String tmux(String socket, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
