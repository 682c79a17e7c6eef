package sweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small, quick benchmark sweep spec for tests: two trials of two epochs on the log-sensitive curve. */
public final class BenchmarkSpec {
  private BenchmarkSpec() {}

  /**
   * Writes the spec to {@code file}.
   *
   * @param seed the sweep's seed (another seed finds another model)
   * @param more further top-level YAML lines (runs_dir, artifacts, ...), each ending in a line break
   */
  public static Path write(Path file, String name, int seed, String more) throws IOException {
    Files.writeString(file, """
        name: %s
        task: benchmark
        benchmark: {problem: log-sensitive, noise: 0.02}
        method: random
        seed: %d
        metric: {name: val_score, goal: maximize}
        run_cap: 2
        parameters:
          learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
        trial: {epochs: 2}
        """.formatted(name, seed) + more);
    return file;
  }
}
