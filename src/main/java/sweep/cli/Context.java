package sweep.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/** What commands take from the world, injected so tests run them exactly: environment, clock, terminal or not. */
public record Context(Map<String, String> env, Clock clock, boolean terminal) {
  public Context {
    env = Map.copyOf(env);
  }

  public static Context system() {
    return new Context(System.getenv(), Clock.systemUTC(), System.console() != null);
  }

  static void flush(PrintWriter... writers) {
    for (PrintWriter w : writers) {
      w.flush();
    }
  }
}
