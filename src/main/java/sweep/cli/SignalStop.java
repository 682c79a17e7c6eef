package sweep.cli;

import java.io.IOException;
import java.time.Duration;
import sweep.schedule.SweepRunner;

/**
 * Runs a sweep so that SIGINT or SIGTERM stops its trials and records it as interrupted before the JVM exits
 * (130/143), whichever command started it.
 */
final class SignalStop {
  /** How long the trials have to stop after the signal before they are killed. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private SignalStop() {}

  /**
   * {@code runner.run(resume)}; on a signal meanwhile, the runner is interrupted and then {@code announce} says what
   * happened and how to carry on (the JVM exits once it returns).
   */
  static SweepRunner.Outcome run(SweepRunner runner, boolean resume, Runnable announce)
      throws IOException, InterruptedException {
    Thread onSignal = new Thread(() -> {
      runner.interrupt("stopped by a signal", GRACE);
      announce.run();
    }, "sweep-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      return runner.run(resume);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: let it finish the job
      }
    }
  }
}
