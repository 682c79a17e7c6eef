package sweep.train.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import sweep.spec.SpecNode;
import sweep.train.TaskType;
import sweep.train.TrialContext;
import sweep.util.Json;

/**
 * {@code task: command}: runs any program as the trial, so existing training scripts can be swept.
 *
 * <pre>
 * command: [python3, train.py, --lr, "${learning_rate}", --epochs, "${epochs}"]
 * resume_args: [--resume_from_checkpoint, "${resume_checkpoint}"]   # appended when the attempt resumes
 * env: {TOKENIZERS_PARALLELISM: "false", BATCH_SIZE: "${per_device_train_batch_size}"}   # extra environment
 * output_dir: output                       # optional: see {@link ProgramFiles} (with metrics: and checkpoint:)
 * stop_grace_seconds: 10                   # optional: time between SIGTERM and SIGKILL on stop
 * wandb: real                              # optional: the installed W&B client, not sweep's ({@link WandbShim})
 * </pre>
 *
 * {@code ${name}}, in the command and in {@code env} values, is replaced by the trial's parameter of that name, or
 * by {@code epochs}, {@code seed}, {@code trial_dir}, {@code trial_number}, {@code num_gpus} (the GPUs the trial
 * holds, 0 on the CPU), {@code output_dir} or {@code resume_checkpoint} (the checkpoint the attempt resumes from, as
 * {@code checkpoint.resume} names it; empty for a fresh start). The program also gets {@code SWEEP_PARAMS_JSON} (a file with all
 * parameters), {@code SWEEP_TRIAL_DIR}, {@code SWEEP_EPOCHS}, {@code SWEEP_SEED}, {@code SWEEP_METRIC} and, when resuming,
 * {@code SWEEP_RESUME_CHECKPOINT}. With {@code metrics: {from: stdout}} (the default), each stdout line that is a
 * JSON object with a numeric {@code epoch} is an epoch's metrics and a {@code checkpoint} field (a path, relative to
 * the trial directory or absolute) records a checkpoint; with metrics read from a file, {@link FileEpochs} reports
 * them. Other lines, and stderr, go to the trial's log. Any bytes the program writes, on stdout or stderr
 * (a progress bar's {@code \r} included), and its epoch reports are its sign of life: a program silent for
 * {@code trial.heartbeat_timeout} is killed as hung. On stop the program gets SIGTERM, then SIGKILL after the grace.
 */
public final class CommandTask implements sweep.train.TrainerBatch.Task {

  @Override
  public String name() {
    return "command";
  }

  @Override
  public Set<String> specKeys() {
    Set<String> keys = new HashSet<>(List.of("command", "resume_args", "env", "stop_grace_seconds", "output_dir",
        "metrics", "checkpoint", "data", WandbShim.KEY));
    keys.addAll(WandbAgent.SPEC_KEYS);
    return Set.copyOf(keys);
  }

  @Override
  public JsonNode configure(SpecNode root, Set<String> parameters) {
    Set<String> reserved = new HashSet<>(parameters);
    reserved.addAll(Placeholders.BUILTINS);
    ObjectNode out = Json.mapper().createObjectNode();
    if (CommandData.configure(root, out)) {
      reserved.add(CommandData.PLACEHOLDER);
    }
    if (WandbAgent.applies(root)) {
      Map.Entry<SpecNode, String> program = WandbAgent.configure(root, parameters, out);
      configureRest(root, reserved, out);
      checkProgram(program.getKey(), program.getValue(), out.path("env").hasNonNull("PATH")
          ? out.path("env").get("PATH").asText() : System.getenv("PATH"));
      return out;
    }
    for (String key : WandbAgent.SPEC_KEYS) {
      root.get(key).ifPresent(n -> {
        throw n.errorAtKey("'" + key + "' belongs to W&B files, which name their 'program'");
      });
    }
    SpecNode commandNode = root.require("command").reserving(reserved);
    List<SpecNode> items = commandNode.items();
    if (items.isEmpty()) {
      throw commandNode.error("must name a program to run");
    }
    ArrayNode command = out.putArray("command");
    for (SpecNode item : items) {
      if (!item.isScalar()) {
        throw item.error("each part of the command is a single string");
      }
      String text = item.asString();
      Placeholders.check(item, text, reserved);
      command.add(text);
    }
    if (command.get(0).asText().isBlank()) {
      throw items.get(0).error("the program name is empty");
    }
    configureRest(root, reserved, out);
    checkProgram(items.get(0), command.get(0).asText(), out.path("env").hasNonNull("PATH")
        ? out.path("env").get("PATH").asText() : System.getenv("PATH"));
    return out;
  }

  /** resume_args, env, output_dir and the rest, which W&B files and others read alike. */
  private static void configureRest(SpecNode root, Set<String> reserved, ObjectNode out) {
    ArrayNode resumeArgs = out.putArray("resume_args");
    root.get("resume_args").ifPresent(n -> n.reserving(reserved).items().forEach(item -> {
      if (!item.isScalar()) {
        throw item.error("each part of the command is a single string");
      }
      Placeholders.check(item, item.asString(), reserved);
      resumeArgs.add(item.asString());
    }));
    ObjectNode env = out.putObject("env");
    root.get("env").ifPresent(e -> e.reserving(reserved).entries().forEach((k, v) -> {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw v.errorAtKey("'" + k + "' is not a valid environment variable name");
      }
      String value = v.asString();
      Placeholders.check(v, value, reserved);
      env.put(k, value);
    }));
    Set<String> forOutputDir = new HashSet<>(reserved);
    forOutputDir.removeAll(List.of("output_dir", "resume_checkpoint"));
    ProgramFiles.configure(root, forOutputDir, out);
    if (out.has("output_dir")) {
      Placeholders.check(root.require("output_dir"), out.get("output_dir").asText(), forOutputDir);
    }
    out.put("stop_grace_seconds", root.get("stop_grace_seconds").map(n -> n.asInt(0, 3600)).orElse(10));
    WandbShim.configure(root, out);
  }

  /**
   * Trials run as local processes, in this directory, with this PATH (the spec's {@code env} may set it): the
   * program must resolve to an executable here, or no trial could start. A name made by a placeholder is known only
   * per trial and is not checked. (A backend that runs trials elsewhere would check on its own machines.)
   */
  private static void checkProgram(SpecNode at, String program, String path) {
    if (Placeholders.PATTERN.matcher(program).find()) {
      return;
    }
    if (sweep.util.Executables.resolve(program, path, Path.of("").toAbsolutePath()).isEmpty()) {
      throw at.error(program.contains("/")
          ? "'" + program + "' is not an executable file (relative paths start in " + Path.of("").toAbsolutePath()
              + ")"
          : "no executable '" + program + "' on PATH (" + path + ")");
    }
  }

  @Override
  public sweep.train.Prepared prepare(JsonNode taskConfig, Path dataDir, Map<String, String> env)
      throws java.io.IOException {
    return taskConfig.has("data") ? CommandData.prepare(taskConfig, dataDir, env)
        : new sweep.train.Prepared(taskConfig, null);
  }

  /** Where the program's numbers come from: {@code stdout}, or the file and field they are read from. */
  @Override
  public sweep.spec.MetricDefinition metricDefinition(JsonNode taskConfig, String metric) {
    JsonNode m = taskConfig.path("metrics");
    String field = m.path("fields").path(metric).asText(metric);
    String source = switch (m.path("from").asText("stdout")) {
      case "jsonl" -> m.path("file").asText() + ": " + field;
      case "trainer_state" -> TrainerStateMetrics.FILE + ": " + field;
      default -> "stdout: " + metric;
    };
    return new sweep.spec.MetricDefinition(source, null, null);
  }

  @Override
  public List<String> jvmOptions() {
    return FAST_START_JVM_OPTIONS;
  }

  @Override
  public Optional<Set<String>> reportedMetrics(JsonNode config) {
    return Optional.empty();
  }

  @Override
  public void run(TrialContext ctx) throws Exception {
    var config = ctx.config();
    Path dir = ctx.trialDir();
    Path paramsFile = dir.resolve("params.json");
    Files.writeString(paramsFile, Json.pretty(config.params()));
    Map<String, String> values = new TreeMap<>();
    config.params().forEach((k, v) -> values.put(k, Json.text(v)));
    values.put("epochs", Integer.toString(config.epochs()));
    values.put("seed", Long.toString(config.seed()));
    values.put("trial_dir", dir.toString());
    values.put("trial_number", Integer.toString(config.number()));
    values.put(CommandData.PLACEHOLDER, CommandData.directory(config.taskConfig()));
    values.put("num_gpus", Integer.toString(Placeholders.visibleGpus(System.getenv("CUDA_VISIBLE_DEVICES"))));
    Path outputDir = config.taskConfig().has("output_dir")
        ? dir.resolve(Placeholders.fill(config.taskConfig().path("output_dir").asText(), values)).normalize() : dir;
    Files.createDirectories(outputDir);
    values.put("output_dir", outputDir.toString());
    values.put("resume_checkpoint", ctx.resumeCheckpoint()
        .map(p -> ProgramFiles.resumePath(config.taskConfig(), p)).orElse(""));

    boolean wandb = config.taskConfig().has(WandbAgent.CONFIG);
    List<String> commandLine = Placeholders.commandLine(config.taskConfig(), values);
    Map<String, String> wandbEnv = Map.of();
    if (wandb) {
      wandbEnv = WandbAgent.prepare(config.taskConfig(), config.params(), config.sweep(), dir);
      List<String> line = WandbAgent.commandLine(config.taskConfig(), config.params(),
          WandbAgent.jsonFile(dir, config.sweep()));
      line.addAll(commandLine.subList(config.taskConfig().path("command").size(), commandLine.size()));
      commandLine = line;
    }
    ProcessBuilder pb = new ProcessBuilder(commandLine);
    Map<String, String> env = pb.environment();
    env.putAll(wandbEnv);
    config.taskConfig().path("env").fields()
        .forEachRemaining(e -> env.put(e.getKey(), Placeholders.fill(e.getValue().asText(), values)));
    env.put("SWEEP_PARAMS_JSON", paramsFile.toString());
    env.put("SWEEP_TRIAL_DIR", dir.toString());
    env.put("SWEEP_EPOCHS", Integer.toString(config.epochs()));
    env.put("SWEEP_SEED", Long.toString(config.seed()));
    if (config.metric() != null) {
      env.put("SWEEP_METRIC", config.metric());
    }
    WandbShim.install(config.taskConfig(), dir, env);
    ctx.resumeCheckpoint().ifPresent(p -> env.put("SWEEP_RESUME_CHECKPOINT", p.toString()));
    pb.redirectError(ProcessBuilder.Redirect.PIPE);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    boolean fromFile = ProgramFiles.fromFile(config.taskConfig());
    FileEpochs fileEpochs = null;
    if (fromFile) {
      java.nio.file.attribute.FileTime attemptStart = java.nio.file.attribute.FileTime.from(java.time.Instant.now());
      fileEpochs = new FileEpochs(ctx, ProgramFiles.source(config.taskConfig(), outputDir, attemptStart,
          config.resumeEpoch()), new CheckpointCapture(dir, outputDir, ProgramFiles.checkpointFiles(config.taskConfig()),
          config.metric(), !"minimize".equalsIgnoreCase(config.goal()), config.bestEpoch(), config.bestValue()),
          ProgramFiles.metricsFile(config.taskConfig(), outputDir));
    }
    Process process;
    try {
      process = pb.start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot start " + pb.command().get(0) + ": " + e.getMessage(), e);
    }
    long grace = config.taskConfig().path("stop_grace_seconds").asLong(10);
    ctx.onStop(() -> ProgramProcess.terminate(process, grace));
    // This JVM killed by a signal (not SIGKILL): the program goes with it, at once.
    Thread takeDown = new Thread(() -> {
      if (process.isAlive()) {
        ProgramProcess.kill(process, process.descendants().toList());
      }
    }, "command-shutdown");
    Runtime.getRuntime().addShutdownHook(takeDown);
    StringBuilder lastErrors = new StringBuilder();
    Thread errors = ProgramProcess.copyToLog(new ProgressInput(process.getErrorStream(), ctx::progress), lastErrors);

    Thread poller = fromFile ? fileEpochs.start(process::isAlive) : null;
    int lastEpoch = config.resumeEpoch();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(new ProgressInput(process.getInputStream(), ctx::progress), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (fromFile) {
          System.err.println(line);
        } else {
          lastEpoch = StdoutEpochs.handleLine(ctx, line, lastEpoch);
        }
      }
    } catch (java.io.IOException e) {
      // Process.destroy closes the program's streams: a read under way when a stop ends the program fails so
      if (!ctx.stopRequested()) {
        throw e;
      }
    }
    int code = process.waitFor();
    if (poller != null) {
      poller.join();
      fileEpochs.pollOnce();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(takeDown);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs now: it finds the program gone
    }
    errors.join(TimeUnit.SECONDS.toMillis(2)); // a child left running may hold stderr open: do not wait for it
    if (code != 0 && !ctx.stopRequested()) {
      String said;
      synchronized (lastErrors) {
        said = sweep.util.DiskFull.line(lastErrors.toString()).orElse(ProgramProcess.lastLine(lastErrors));
      }
      throw new IllegalStateException(pb.command().get(0) + " exited with code " + code
          + (said.isEmpty() ? "" : ": " + said));
    }
  }

}
