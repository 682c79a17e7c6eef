package sweep.train.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sweep.protocol.TrialConfig;
import sweep.spec.SpecNode;
import sweep.train.TrialContext;
import sweep.train.TrainerBatch;

/**
 * A broken task type, for tests: the benchmark task deaf to stop. Every report is taken as "go on" and a stop is
 * never seen, so it trains all its epochs whatever the orchestrator answers. Everything else is the benchmark's.
 */
public final class IgnoresStopTask implements TrainerBatch.Task {
  private final BenchmarkTask benchmark = new BenchmarkTask();

  @Override
  public String name() {
    return "ignores-stop";
  }

  @Override
  public Set<String> specKeys() {
    return benchmark.specKeys();
  }

  @Override
  public JsonNode configure(SpecNode root, Set<String> parameters) {
    return benchmark.configure(root, parameters);
  }

  @Override
  public Optional<Set<String>> reportedMetrics(JsonNode config) {
    return benchmark.reportedMetrics(config);
  }

  @Override
  public void run(TrialContext ctx) throws Exception {
    benchmark.run(new Deaf(ctx));
  }

  /** Passes every report on and hears no answer. */
  private record Deaf(TrialContext ctx) implements TrialContext {
    @Override
    public TrialConfig config() {
      return ctx.config();
    }

    @Override
    public Path trialDir() {
      return ctx.trialDir();
    }

    @Override
    public Optional<Path> resumeCheckpoint() {
      return ctx.resumeCheckpoint();
    }

    @Override
    public void dataHash(String hash) {
      ctx.dataHash(hash);
    }

    @Override
    public boolean reportEpoch(int epoch, Long step, Map<String, Double> metrics, String checkpoint) {
      ctx.reportEpoch(epoch, step, metrics, checkpoint);
      return true;
    }

    @Override
    public void reportEpochNoWait(int epoch, Map<String, Double> metrics, String checkpoint) {
      ctx.reportEpochNoWait(epoch, metrics, checkpoint);
    }

    @Override
    public void progress() {
      ctx.progress();
    }

    @Override
    public void reportCheckpoint(int epoch, String checkpoint) {
      ctx.reportCheckpoint(epoch, checkpoint);
    }

    @Override
    public boolean stopRequested() {
      return false;
    }

    @Override
    public void onStop(Runnable action) {}
  }
}
