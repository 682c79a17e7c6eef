package sweep.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import sweep.cli.Context;
import sweep.cli.Main;

/** Runs the sweep CLI in-process and captures what it prints. */
public final class Cli {
  private Cli() {}

  public record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public static Result run(Map<String, String> env, String... args) {
    return run(new Context(env, Clock.systemUTC(), false), args);
  }

  public static Result run(Context context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  public static Result run(String... args) {
    return run(Map.of(), args);
  }
}
