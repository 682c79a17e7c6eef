package sweep.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs the sweep CLI in a JVM of its own, on this JVM's Java and class path. */
public final class SweepProcess {
  private SweepProcess() {}

  /** {@code java -cp CLASSPATH sweep.cli.Main ARGS...}. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "sweep.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
