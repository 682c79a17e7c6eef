package sweep.backend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a trial's JVM is started: the same Java and class path as the orchestrator, {@code sweep trial --config},
 * plus extra JVM options (the task's, then {@code SWEEP_TRIAL_JAVA_OPTS}) and environment. The attempt's token is the
 * last argument, so the process can be told apart from any other that later gets its pid.
 */
public record TrialLauncher(String java, String classPath, List<String> jvmOptions, Map<String, String> env) {

  public TrialLauncher {
    jvmOptions = List.copyOf(jvmOptions);
    env = Map.copyOf(env);
  }

  /** The launcher for this JVM: its java binary and class path. */
  public static TrialLauncher current(Map<String, String> environment) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> opts = new ArrayList<>();
    String extra = environment.get("SWEEP_TRIAL_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      opts.addAll(List.of(extra.trim().split("\\s+")));
    }
    return new TrialLauncher(java, System.getProperty("java.class.path"), opts, Map.of());
  }

  List<String> command(List<String> taskJvmOptions, Path configFile, String token) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(taskJvmOptions);
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add("sweep.cli.Main");
    cmd.add("trial");
    cmd.add("--config");
    cmd.add(configFile.toString());
    cmd.add("--token");
    cmd.add(token);
    return cmd;
  }
}
