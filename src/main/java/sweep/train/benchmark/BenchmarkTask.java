package sweep.train.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import sweep.search.Draws;
import sweep.spec.ParamDomain;
import sweep.spec.SpecNode;
import sweep.train.TaskType;
import sweep.train.TrialContext;
import sweep.util.Json;

/**
 * {@code task: benchmark}: analytic learning curves with a known optimum and seeded noise, for tests and for
 * comparing search strategies. Reports {@code val_score} (higher is better), {@code val_loss = 1 - val_score} and
 * {@code train_loss}; writes a tiny checkpoint each epoch and resumes from one exactly.
 *
 * <pre>
 * benchmark:
 *   problem: crossing      # log-sensitive | noisy | multimodal | batch-lr | crossing
 *   noise: 0.005           # standard deviation of the noise on reported scores (default: the problem's)
 *   epoch_seconds: 0       # time one epoch takes, to make trials last
 *   fail: {trials: [1], epoch: 2, mode: crash}   # fault injection, once per trial: crash | hang | nan | oom
 * </pre>
 */
public final class BenchmarkTask implements sweep.train.TrainerBatch.Task {
  static final Set<String> METRICS = Set.of("val_score", "val_loss", "train_loss");
  /** What the problems' curves can take for each parameter they read (anything else: a finite number). */
  private static final Map<String, ParamDomain> DOMAINS = Map.of("learning_rate", ParamDomain.POSITIVE,
      "per_device_train_batch_size", ParamDomain.COUNT, "weight_decay", ParamDomain.NON_NEGATIVE,
      "warmup_ratio", ParamDomain.NON_NEGATIVE);

  @Override
  public String name() {
    return "benchmark";
  }

  @Override
  public sweep.spec.MetricDefinition metricDefinition(com.fasterxml.jackson.databind.JsonNode taskConfig,
      String metric) {
    return new sweep.spec.MetricDefinition("benchmark", null, null);
  }

  @Override
  public Set<String> specKeys() {
    return Set.of("benchmark");
  }

  @Override
  public JsonNode configure(SpecNode root, Set<String> parameters) {
    SpecNode node = root.require("benchmark");
    Map<String, SpecNode> keys = node.entries(List.of("problem", "noise", "epoch_seconds", "fail"));
    SpecNode problemNode = node.require("problem");
    String name = problemNode.asString();
    Problem problem = Problems.ALL.get(name);
    if (problem == null) {
      throw problemNode.error("unknown problem '" + name + "'" + SpecNode.suggestion(name, Problems.ALL.keySet()));
    }
    for (String needed : problem.parameters()) {
      if (!parameters.contains(needed)) {
        String hint = SpecNode.suggestion(needed, parameters);
        throw root.require("parameters").errorAtKey("benchmark problem '" + name + "' needs parameter '" + needed
            + "'" + (hint.startsWith(" (did you mean") ? hint.replace("(did you mean", "(rename") : ""));
      }
    }
    SpecNode params = root.require("parameters");
    for (String read : problem.parameters()) {
      DOMAINS.getOrDefault(read, ParamDomain.REAL).check(params, read, "benchmark problem '" + name + "'");
    }
    if (problem.parameters().contains("per_device_train_batch_size")) {
      ParamDomain.COUNT.check(params, "gradient_accumulation_steps", "benchmark problem '" + name + "'");
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("problem", name);
    double noise = problem.defaultNoise();
    if (keys.containsKey("noise")) {
      noise = keys.get("noise").asDouble();
      if (noise < 0) {
        throw keys.get("noise").error("must be 0 or more");
      }
    }
    out.put("noise", noise);
    double seconds = 0;
    if (keys.containsKey("epoch_seconds")) {
      seconds = keys.get("epoch_seconds").asDouble();
      if (seconds < 0 || seconds > 86_400) {
        throw keys.get("epoch_seconds").error("must be between 0 and 86400");
      }
    }
    out.put("epoch_seconds", seconds);
    if (keys.containsKey("fail")) {
      SpecNode f = keys.get("fail");
      Map<String, SpecNode> fk = f.entries(List.of("trials", "epoch", "mode"));
      ObjectNode fail = out.putObject("fail");
      var trials = fail.putArray("trials");
      for (SpecNode t : f.require("trials").items()) {
        trials.add(t.asInt(0, Integer.MAX_VALUE));
      }
      fail.put("epoch", f.require("epoch").asInt(1, 1_000_000));
      String mode = f.require("mode").asString();
      if (!List.of("crash", "hang", "nan", "oom").contains(mode)) {
        throw fk.get("mode").error("unknown mode '" + mode + "'" + SpecNode.suggestion(mode,
            List.of("crash", "hang", "nan", "oom")));
      }
      fail.put("mode", mode);
    }
    return out;
  }

  @Override
  public List<String> jvmOptions() {
    return FAST_START_JVM_OPTIONS;
  }

  /** The curves are plain Java arithmetic ({@code StrictMath}) on seeded draws: a rerun gives the same bits. */
  @Override
  public double reproductionTolerance() {
    return 0.0;
  }

  @Override
  public Optional<Set<String>> reportedMetrics(JsonNode config) {
    return Optional.of(METRICS);
  }

  /**
   * The noisy metrics of one epoch; a pure function of problem, params, seed and epoch. The trial's noise is one
   * {@link Draws} stream of its seed, two normal numbers an epoch, so the noise of different epochs is independent.
   */
  static Map<String, Double> metrics(Problem problem, Map<String, Object> params, double noise, long seed, int epoch) {
    double score = problem.score(params, epoch);
    UniformRandomProvider rng = Draws.stream(Draws.key(seed, Draws.Purpose.BENCHMARK_NOISE));
    for (int skipped = 1; skipped < epoch; skipped++) { // epoch e takes the e-th pair of normals of the trial's stream
      Draws.gaussian(rng);
      Draws.gaussian(rng);
    }
    double noisy = score + noise * Draws.gaussian(rng);
    Map<String, Double> m = new TreeMap<>();
    m.put("val_score", noisy);
    m.put("val_loss", 1 - noisy);
    m.put("train_loss", (1 - score) * 0.8 + Math.abs(noise * Draws.gaussian(rng)));
    return m;
  }

  /**
   * Fault injection for tests and drills: at the configured epoch of the listed search trials, once per trial (a
   * marker file in the trial directory remembers it), crash the JVM, hang, or report NaN.
   */
  private static void injectFault(TrialContext ctx, JsonNode fail, int epoch, Map<String, Double> metrics)
      throws Exception {
    if (fail.isMissingNode() || fail.path("epoch").asInt() != epoch || !ctx.config().phase().equals("search")) {
      return;
    }
    boolean listed = false;
    for (JsonNode t : fail.path("trials")) {
      listed |= t.asInt() == ctx.config().number();
    }
    Path marker = ctx.trialDir().resolve(".fault-injected");
    if (!listed || Files.exists(marker)) {
      return;
    }
    Files.writeString(marker, fail.path("mode").asText());
    switch (fail.path("mode").asText()) {
      case "crash" -> {
        System.err.println("injected crash at epoch " + epoch);
        Runtime.getRuntime().halt(3);
      }
      case "hang" -> Thread.sleep(Long.MAX_VALUE);
      case "oom" -> throw new OutOfMemoryError("injected: Java heap space");
      default -> metrics.replaceAll((k, v) -> Double.NaN);
    }
  }

  /** Spends an epoch's time as training would, in steps of at most a tenth of a second, each reported as progress. */
  private static void train(TrialContext ctx, long millis) throws InterruptedException {
    for (long left = millis; left > 0; left -= 100) {
      Thread.sleep(Math.min(100, left));
      ctx.progress();
    }
  }

  @Override
  public void run(TrialContext ctx) throws Exception {
    JsonNode config = ctx.config().taskConfig();
    Problem problem = Problems.ALL.get(config.path("problem").asText());
    double noise = config.path("noise").asDouble();
    long sleepMillis = (long) (config.path("epoch_seconds").asDouble() * 1000);
    Map<String, Object> params = ctx.config().params();
    problem.quality(params);
    int start = 0;
    Optional<Path> resume = ctx.resumeCheckpoint();
    if (resume.isPresent()) {
      start = Json.mapper().readTree(resume.get().resolve("state.json").toFile()).path("epoch").asInt();
    }
    for (int epoch = start + 1; epoch <= ctx.config().epochs() && !ctx.stopRequested(); epoch++) {
      train(ctx, sleepMillis);
      Map<String, Double> m = metrics(problem, params, noise, ctx.config().seed(), epoch);
      injectFault(ctx, config.path("fail"), epoch, m);
      String checkpoint = "checkpoint-" + epoch;
      Path dir = ctx.trialDir().resolve(checkpoint);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("state.json"), Json.write(Map.of("epoch", epoch, "metrics", m)));
      if (!ctx.reportEpoch(epoch, m, checkpoint)) {
        return;
      }
    }
  }
}
