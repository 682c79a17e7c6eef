package sweep.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sweep.spec.ParamSpec;

/** A benchmark problem with the search space a sweep of it would declare and the trials' epoch budget. */
public record BenchProblem(String name, Map<String, ParamSpec> space, int epochs) {

  public BenchProblem {
    space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
  }

  /** The suite: every built-in problem, each over the ranges the README's table gives. */
  public static List<BenchProblem> suite(int epochs) {
    ParamSpec lr = new ParamSpec.LogUniform(1e-5, 1e-2);
    return List.of(
        new BenchProblem("log-sensitive", Map.of("learning_rate", lr), epochs),
        new BenchProblem("noisy", Map.of("learning_rate", lr), epochs),
        new BenchProblem("multimodal", ordered("weight_decay", new ParamSpec.Uniform(0, 0.1),
            "warmup_ratio", new ParamSpec.Uniform(0, 0.2)), epochs),
        new BenchProblem("batch-lr", ordered("learning_rate", new ParamSpec.LogUniform(1e-6, 1e-3),
            "per_device_train_batch_size", new ParamSpec.Categorical(List.of(4L, 8L, 16L, 32L, 64L, 128L))), epochs),
        new BenchProblem("crossing", Map.of("learning_rate", lr), epochs));
  }

  private static Map<String, ParamSpec> ordered(String a, ParamSpec pa, String b, ParamSpec pb) {
    Map<String, ParamSpec> m = new LinkedHashMap<>();
    m.put(a, pa);
    m.put(b, pb);
    return m;
  }
}
