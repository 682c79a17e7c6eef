package sweep.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import sweep.schedule.RunLock;
import sweep.spec.SpecException;
import sweep.store.StoreException;
import sweep.util.BadInputException;

/**
 * Entry point. Exit codes: 0 ok, 1 the run failed, 2 bad input (spec, arguments, database), 3 another run holds
 * the database. Errors are one line on stderr, never a stack trace (set SWEEP_DEBUG=1 to see one).
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int LOCKED = 3;

  private Main() {}

  public static void main(String[] args) {
    quickStart();
    // The log (and anything else on the standard streams) passes the credential filter too.
    System.setErr(new java.io.PrintStream(sweep.util.RedactingWriter.stream(new java.io.FileOutputStream(
        java.io.FileDescriptor.err), sweep.util.Secrets::active), true, java.nio.charset.StandardCharsets.UTF_8));
    System.exit(execute(Context.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Two library lookups that search every jar on the class path (about seventy) for something sweep does not use,
   * turned off with the switches the libraries offer for it, unless the user set them: SLF4J's service-loader search
   * for a logging provider (sweep ships slf4j-simple, named here), and picocli's probe for Groovy closures. Together
   * they cost a read command tens of milliseconds of start-up.
   */
  static void quickStart() {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        System.setProperty("slf4j.internal.verbosity", "WARN"); // not a line on stderr about the provider
      }
    }
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
  }

  /** Runs the command line with the given context and output; returns the exit code. */
  public static int execute(Context context, PrintWriter rawOut, PrintWriter rawErr, String... args) {
    // What the command prints passes the credential filter: the environment's secrets now, the spec's once loaded.
    sweep.util.Secrets.install(sweep.util.Secrets.of(context.env(), java.util.List.of()));
    PrintWriter out = new PrintWriter(new sweep.util.RedactingWriter(rawOut, sweep.util.Secrets::active), true);
    PrintWriter err = new PrintWriter(new sweep.util.RedactingWriter(rawErr, sweep.util.Secrets::active), true);
    CommandLine cl = SweepCommand.commandLine(context, args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("sweep: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (context.env().containsKey("SWEEP_DEBUG")) {
        ex.printStackTrace(err);
      }
      return report(ex, err);
    });
    int code = cl.execute(args);
    Context.flush(out, err);
    return code;
  }

  static int report(Exception ex, PrintWriter err) {
    if (ex instanceof SpecException) {
      err.println(ex.getMessage());
      return BAD_INPUT;
    }
    if (ex instanceof BadInputException) {
      err.println("sweep: " + ex.getMessage());
      return BAD_INPUT;
    }
    if (ex instanceof sweep.data.DataException || ex instanceof sweep.data.detection.BadAnnotationException) {
      err.println("sweep: " + ex.getMessage());
      return BAD_INPUT;
    }
    if (ex instanceof RunLock.HeldException) {
      err.println("sweep: " + ex.getMessage());
      return LOCKED;
    }
    if (ex instanceof StoreException) {
      err.println("sweep: " + ex.getMessage());
      return FAILED;
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    err.println("sweep: error: " + msg.replaceAll("\\s+", " "));
    return FAILED;
  }
}
