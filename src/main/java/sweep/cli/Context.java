package sweep.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;

/**
 * What commands take from the world, injected so tests run them exactly: environment, clock, terminal or not, and
 * how an artifact location ({@code DIR} or {@code s3://BUCKET/PREFIX}) is opened.
 */
public record Context(Map<String, String> env, Clock clock, boolean terminal, Opener opener) {
  /** Opens the artifact store at a location, given the environment. */
  @FunctionalInterface
  public interface Opener {
    ArtifactStore open(String location, Map<String, String> env);
  }

  public Context {
    env = Map.copyOf(env);
  }

  public Context(Map<String, String> env, Clock clock, boolean terminal) {
    this(env, clock, terminal, ArtifactStores::open);
  }

  public static Context system() {
    return new Context(System.getenv(), Clock.systemUTC(), System.console() != null);
  }

  /** The artifact store at {@code location}. */
  public ArtifactStore artifacts(String location) {
    return opener.open(location, env);
  }

  static void flush(PrintWriter... writers) {
    for (PrintWriter w : writers) {
      w.flush();
    }
  }
}
