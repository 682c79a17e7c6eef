package sweep.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sweep.spec.SpecNode;

/** What the tasks that train models share in reading a spec's parameters and a trial's parameter values. */
public final class TrialParams {
  private TrialParams() {}

  /**
   * A trial's numeric parameter, or {@code fallback} when the trial has none.
   *
   * @throws IllegalArgumentException naming the parameter when its value is not a number
   */
  public static double number(Map<String, Object> params, String name, double fallback) {
    Object v = params.get(name);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("parameter " + name + " must be a number, got " + v);
    }
    return n.doubleValue();
  }

  /**
   * Checks a spec's {@code parameters:} against the names a task reads: an unknown one is an error at its key with a
   * suggestion, and {@code required} must be there.
   */
  public static void check(SpecNode root, Set<String> parameters, String task, List<String> names, String required) {
    SpecNode paramsNode = root.require("parameters");
    for (String p : parameters) {
      if (!names.contains(p)) {
        SpecNode at = paramsNode.entries().get(p);
        throw (at != null ? at : paramsNode).errorAtKey("task " + task + " does not read parameter '" + p + "'"
            + SpecNode.suggestion(p, names));
      }
    }
    if (!parameters.contains(required)) {
      throw paramsNode.error("task " + task + " needs parameter '" + required + "'");
    }
  }

  /**
   * A spec's {@code pretrained: DIR}: the directory, absolute, holding a Hugging Face model's {@code config.json}
   * and {@code model.safetensors}; an error at the key naming the missing file otherwise.
   */
  public static Path pretrainedDirectory(SpecNode pretrained) {
    Path dir = Path.of(pretrained.asString()).toAbsolutePath();
    for (String f : List.of("config.json", "model.safetensors")) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw pretrained.error("no " + f + " in " + dir);
      }
    }
    return dir;
  }

  /**
   * Gives PyTorch the trial's share of the cores ({@code SWEEP_CPU_THREADS}, set by the orchestrator) before the
   * engine starts, with one inter-op thread.
   */
  public static void applyCpuThreads() {
    Integer threads = cpuThreads();
    if (threads != null) {
      System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  /** The CPU threads the orchestrator gave this trial ({@code SWEEP_CPU_THREADS}), or null when it gave none. */
  public static Integer cpuThreads() {
    String threads = System.getenv("SWEEP_CPU_THREADS");
    try {
      return threads == null ? null : Integer.valueOf(threads.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
