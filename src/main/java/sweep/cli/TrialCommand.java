package sweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sweep.train.TrialRuntime;

/** {@code sweep trial --config FILE}: one trial, run by the orchestrator in a JVM of its own (internal). */
@Command(name = "trial", hidden = true, description = "Run one trial (started by `sweep run`; not for direct use).")
final class TrialCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE")
  Path config;

  /** The attempt's identity (also in {@code SWEEP_TRIAL_TOKEN}): on the command line so it shows in {@code ps}. */
  @Option(names = "--token", paramLabel = "TOKEN")
  String token;

  @Override
  public Integer call() throws Exception {
    return TrialRuntime.run(config);
  }
}
