package sweep.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import sweep.artifact.Retention;
import sweep.util.Secrets;

/**
 * Reads a sweep spec from YAML and validates all of it, so a run never starts on a spec that would fail later.
 * Every problem is a {@link SpecException} naming file, line, column and key path.
 */
public final class SpecLoader {
  /** Keys every spec may use, whatever its task. */
  public static final List<String> CORE_KEYS = List.of("name", "description", "method", "metric", "run_cap",
      "parameters", "fixed_products", "task", "trial", "retrain", "seed", "max_parallel", "runs_dir", "artifacts",
      "retention", "promote", "max_retries", "max_failed_trials", "devices", "gpus_per_trial", "early_terminate",
      "secret_env", "backend", "warm_start", "initial_trials");
  private static final List<String> PARAM_KEYS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of("value", "values", "distribution", "min", "max", "q"),
      sweep.spec.wandb.WandbParameters.KEYS.stream()).toList();
  private static final List<String> DISTRIBUTIONS = List.of("uniform", "log_uniform_values", "int_uniform",
      "q_uniform", "q_log_uniform_values", "categorical");
  /** Sweep and parameter names become directory names, S3 keys and placeholders: keep them plain. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  /** W&B's dotted names ({@code model.lr}) included; only names without dots can be placeholders. */
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,99}");
  private static final int MAX_GRID = 100_000;
  private static final long MAX_INT_SPAN = 1L << 53;

  private final Map<String, String> env;
  private final Map<String, TaskSchema> tasks = new TreeMap<>();

  public SpecLoader(Map<String, String> env, List<? extends TaskSchema> tasks) {
    this.env = Map.copyOf(env);
    tasks.forEach(t -> this.tasks.put(t.name(), t));
  }

  public SweepSpec load(Path path) {
    String file = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SpecException(file, 1, 1, "<file>", "no such file");
    } catch (IOException e) {
      throw new SpecException(file, 1, 1, "<file>", "cannot read: " + e.getMessage());
    }
    return parse(file, SpecYaml.decodeUtf8(file, bytes));
  }

  public SweepSpec parse(String file, String text) {
    SpecNode root = new SpecNode(file, sweep.spec.wandb.WandbFile.adapt(file, SpecYaml.compose(file, text)), null, "",
        new EnvExpander(env), Set.of());
    return validate(file, root);
  }

  private SweepSpec validate(String file, SpecNode root) {
    if (!root.isMapping()) {
      throw root.error("a sweep spec is a mapping of keys such as method, metric and parameters");
    }
    TaskSchema task = task(root);
    List<String> allowed = new ArrayList<>(CORE_KEYS);
    allowed.addAll(task.specKeys());
    Map<String, SpecNode> top = root.entries();
    for (SpecNode child : top.values()) {
      String key = child.key();
      if (!allowed.contains(key)) {
        Optional<String> owner = tasks.values().stream().filter(t -> t.specKeys().contains(key))
            .map(TaskSchema::name).findFirst();
        if (owner.isPresent()) {
          throw child.errorAtKey("key '" + key + "' belongs to task '" + owner.get() + "', not '" + task.name() + "'");
        }
        List<String> all = new ArrayList<>(allowed);
        throw child.errorAtKey("unknown key '" + key + "'" + SpecNode.suggestion(key, all));
      }
    }

    String name = root.get("name").map(n -> checkedName(n)).orElseGet(() -> defaultName(file));
    root.get("description").ifPresent(SpecNode::asString);
    Method method = root.get("method").map(SpecLoader::method).orElse(Method.RANDOM);
    MetricSpec metric = MetricSpecs.parse(root.require("metric"));
    Map<String, ParamSpec> parameters = parameters(root.require("parameters"), method);
    int gpusPerTrial = devices(root).gpusPerTrial();
    List<FixedProduct> products = root.get("fixed_products")
        .map(n -> fixedProducts(n, parameters, gpusPerTrial)).orElse(List.of());
    Set<String> allNames = new TreeSet<>(parameters.keySet());
    products.forEach(p -> allNames.add(p.derived()));

    JsonNode taskConfig = task.configure(root, allNames);
    metric = metric.withDefinition(
        metric.definition().over(task.metricDefinition(taskConfig, metric.name())));
    Optional<Set<String>> reported = task.reportedMetrics(taskConfig);
    if (reported.isPresent() && !reported.get().contains(metric.name())) {
      SpecNode metricName = root.require("metric").require("name");
      throw metricName.error("task '" + task.name() + "' does not report '" + metric.name() + "'"
          + SpecNode.suggestion(metric.name(), new TreeSet<>(reported.get())).replace("expected one of", "it reports"));
    }

    int gridSize = method == Method.GRID ? gridSize(root.require("parameters"), parameters) : 0;
    int runCap;
    Optional<SpecNode> capNode = root.get("run_cap");
    if (capNode.isPresent()) {
      runCap = capNode.get().asInt(1, 1_000_000);
      if (method == Method.GRID) {
        runCap = Math.min(runCap, gridSize);
      }
    } else if (method == Method.GRID) {
      runCap = gridSize;
    } else {
      throw root.missing("run_cap");
    }

    SpecNode trialNode = root.require("trial");
    Map<String, SpecNode> trialKeys = trialNode.entries(
        List.of("epochs", "early_stopping_patience", "early_stopping_threshold", "timeout", "heartbeat_timeout",
            "startup_timeout"));
    TrialSettings trial = new TrialSettings(
        trialNode.require("epochs").asInt(1, 1_000_000),
        optInt(trialKeys.get("early_stopping_patience"), 0),
        optThreshold(trialKeys.get("early_stopping_threshold"), 0.0),
        optDuration(trialKeys.get("timeout"), null),
        optDuration(trialKeys.get("heartbeat_timeout"), TrialSettings.DEFAULT_HEARTBEAT_TIMEOUT),
        optDuration(trialKeys.get("startup_timeout"), TrialSettings.DEFAULT_STARTUP_TIMEOUT));

    RetrainSettings retrain = new RetrainSettings(0, trial.earlyStoppingPatience(), trial.earlyStoppingThreshold());
    Optional<SpecNode> retrainNode = root.get("retrain");
    if (retrainNode.isPresent()) {
      Map<String, SpecNode> r = retrainNode.get().entries(
          List.of("epochs", "early_stopping_patience", "early_stopping_threshold", "timeout"));
      retrain = new RetrainSettings(
          retrainNode.get().require("epochs").asInt(0, 1_000_000),
          optInt(r.get("early_stopping_patience"), trial.earlyStoppingPatience()),
          optThreshold(r.get("early_stopping_threshold"), trial.earlyStoppingThreshold()),
          optDuration(r.get("timeout"), null));
    }
    long seed = root.get("seed").map(SpecNode::asLong).orElse(0L);
    int maxParallel = root.get("max_parallel").map(n -> n.asInt(1, 1024)).orElse(1);
    Devices devices = devices(root);
    FailurePolicy failures = new FailurePolicy(
        root.get("max_retries").map(n -> n.asInt(0, 100)).orElse(FailurePolicy.DEFAULT.maxRetries()),
        root.get("max_failed_trials").map(n -> n.asInt(0, 1_000_000)).orElse(FailurePolicy.DEFAULT.maxFailedTrials()));
    BackendSpec backend = root.get("backend").map(BackendSpecs::parse).orElse(new BackendSpec.Local());
    // artifacts defaults to the parent of an explicit runs_dir (so run directories are kept where they are
    // written), else to a cluster's shared directory, else to results/
    String artifacts = root.get("artifacts").map(SpecNode::asString).orElseGet(() -> root.get("runs_dir")
        .map(SpecNode::asString).filter(r -> !r.isBlank() && !r.contains("://"))
        .map(r -> java.util.Optional.ofNullable(Path.of(r).getParent()).map(Path::toString).orElse("."))
        .orElse(backend instanceof BackendSpec.Slurm slurm ? slurm.sharedDir().toString() : "results"));
    if (artifacts.isBlank()) {
      throw root.require("artifacts").error("must not be empty");
    }
    if (artifacts.startsWith("s3://")) {
      try {
        artifacts = sweep.artifact.S3ArtifactStore.Location.parse(artifacts).toString();
      } catch (sweep.util.BadInputException e) {
        throw root.require("artifacts").error(e.getMessage());
      }
    } else if (artifacts.contains("://")) {
      throw root.require("artifacts").error("'" + artifacts + "' is neither a local directory nor s3://BUCKET/PREFIX");
    }
    String runsDir = root.get("runs_dir").map(SpecNode::asString)
        .orElse(backend instanceof BackendSpec.Slurm slurm ? slurm.sharedDir().resolve("runs").toString()
            : artifacts.startsWith("s3://") ? "results/runs" : artifacts + "/runs");
    if (runsDir.isBlank()) {
      throw root.require("runs_dir").error("must not be empty");
    }
    if (runsDir.contains("://")) {
      throw root.require("runs_dir").error("must be a local directory (where trials write; `artifacts` names where"
          + " they are kept)");
    }
    if (backend instanceof BackendSpec.Slurm slurm
        && !Path.of(runsDir).toAbsolutePath().normalize().startsWith(slurm.sharedDir())) {
      throw root.require("runs_dir").error("must be under backend.shared_dir (" + slurm.sharedDir() + "): the nodes"
          + " write the trial directories");
    }

    ObjectNode canonical = JSON.createObjectNode();
    canonical.put("name", name);
    canonical.put("method", method.word());
    canonical.put("metric", metric.canonical());
    canonical.put("run_cap", runCap);
    canonical.set("parameters", root.require("parameters").toJson());
    root.get("fixed_products").ifPresent(n -> canonical.set("fixed_products", n.toJson()));
    canonical.put("task", task.name());
    canonical.set("task_config", taskConfig);
    canonical.put("trial", trial.hashText());
    canonical.put("retrain", retrain.toString());
    canonical.put("seed", seed);
    canonical.put("max_parallel", maxParallel);
    canonical.put("failures", failures.toString());
    canonical.put("devices", devices.toString());
    canonical.put("runs_dir", runsDir);
    if (root.get("artifacts").isPresent()) {
      canonical.put("artifacts", artifacts); // absent, it follows runs_dir: hashes of older specs stay the same
    }
    root.get("promote").ifPresent(n -> {
      Map<String, SpecNode> keys = n.entries(List.of("min_delta"));
      if (keys.containsKey("min_delta")) {
        canonical.put("promote_min_delta", optThreshold(keys.get("min_delta"), 0.0));
      }
    });
    EarlyTerminate earlyTerminate = root.get("early_terminate").map(n -> EarlyTerminates.parse(n, trial.epochs()))
        .orElse(new EarlyTerminate.None());
    if (!(earlyTerminate instanceof EarlyTerminate.None)) {
      canonical.put("early_terminate", earlyTerminate.toString());
    }
    Retention retention = root.get("retention").map(SpecLoader::retention).orElse(Retention.DEFAULT);
    if (root.get("retention").isPresent()) {
      canonical.put("retention", retention.toString()); // absent: hashes of older specs stay the same
    }
    List<String> secretEnv = new ArrayList<>();
    root.get("secret_env").ifPresent(n -> {
      for (SpecNode item : n.items()) {
        String var = item.asString();
        if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw item.error("'" + var + "' is not an environment variable name");
        }
        secretEnv.add(var);
      }
      canonical.set("secret_env", n.toJson()); // absent: hashes of older specs stay the same
    });
    Secrets secrets = Secrets.of(env, secretEnv);
    root.get("name").ifPresent(n -> secrets.foundIn(name).ifPresent(var -> {
      throw n.error("the name holds the value of " + var + ", a secret; a sweep's name is printed, stored and"
          + " becomes a directory: name it without the secret");
    }));
    WarmStart warmStart = WarmStart.parse(root, canonical);
    InitialTrials initialTrials = InitialTrials.parse(root, canonical, parameters, runCap);
    String json = canonicalJson(canonical);
    return new SweepSpec(file, name, method, metric, runCap, parameters, products, task.name(), taskConfig, trial,
        retrain, seed, maxParallel, failures, devices, runsDir, artifacts, sha256(json), json, earlyTerminate,
        retention, secretEnv, backend, warmStart, initialTrials);
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** JSON with object keys sorted at every level, so equal content gives equal text. */
  public static String canonicalJson(JsonNode node) {
    try {
      Object tree = JSON.treeToValue(node, Object.class);
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private TaskSchema task(SpecNode root) {
    SpecNode node = root.require("task");
    String name = node.asString();
    TaskSchema task = tasks.get(name);
    if (task == null) {
      throw node.error("unknown task '" + name + "'" + SpecNode.suggestion(name, tasks.keySet()));
    }
    return task;
  }

  private static String checkedName(SpecNode node) {
    String name = node.asString();
    if (!NAME.matcher(name).matches()) {
      throw node.error("'" + name + "' is not a valid name: use letters, digits, '.', '_' and '-' (at most 100)");
    }
    return name;
  }

  private static String defaultName(String file) {
    String base = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-");
    return NAME.matcher(cleaned).matches() ? cleaned : "sweep";
  }

  private static Method method(SpecNode node) {
    String word = node.asString();
    Method m = Method.fromWord(word);
    if (m != null) {
      return m;
    }
    throw node.error("unknown method '" + word + "'" + SpecNode.suggestion(word,
        List.of("random", "sobol", "grid", "tpe", "bayes")));
  }

  /** {@code retention: {checkpoints: best_and_latest|all, keep_sweeps: N}}, each key optional. */
  private static Retention retention(SpecNode node) {
    Map<String, SpecNode> keys = node.entries(List.of("checkpoints", "keep_sweeps"));
    Retention.Checkpoints checkpoints = Retention.DEFAULT.checkpoints();
    SpecNode c = keys.get("checkpoints");
    if (c != null && !c.isNull()) {
      String word = c.asString();
      List<String> words = java.util.Arrays.stream(Retention.Checkpoints.values()).map(Retention.Checkpoints::word)
          .toList();
      checkpoints = Retention.Checkpoints.fromWord(word).orElseThrow(() -> c.error("unknown value '" + word + "'"
          + SpecNode.suggestion(word, words)));
    }
    return new Retention(checkpoints, optInt(keys.get("keep_sweeps"), Retention.DEFAULT.keepSweeps()));
  }

  private static Map<String, ParamSpec> parameters(SpecNode node, Method method) {
    Map<String, ParamSpec> out = new LinkedHashMap<>();
    Map<String, SpecNode> entries = node.entries();
    if (entries.isEmpty()) {
      throw node.error("needs at least one parameter");
    }
    for (Map.Entry<String, SpecNode> e : entries.entrySet()) {
      if (!PARAM_NAME.matcher(e.getKey()).matches()) {
        throw e.getValue().errorAtKey("'" + e.getKey()
            + "' is not a valid parameter name: use letters, digits, '_' and '.', starting with a letter or '_'");
      }
      out.put(e.getKey(), parameter(e.getValue(), method));
    }
    return out;
  }

  private static ParamSpec parameter(SpecNode node, Method method) {
    if (!node.isMapping()) {
      throw node.error("expected a mapping with value, values, or distribution with min and max");
    }
    Map<String, SpecNode> keys = node.entries(PARAM_KEYS);
    SpecNode value = keys.get("value");
    SpecNode values = keys.get("values");
    SpecNode distribution = keys.get("distribution");
    if (value != null) {
      for (String other : List.of("values", "distribution", "min", "max", "q")) {
        if (keys.containsKey(other)) {
          throw keys.get(other).errorAtKey("'" + other + "' cannot be combined with 'value' (a constant)");
        }
      }
      return new ParamSpec.Constant(scalar(value));
    }
    String dist = distribution == null ? null : distribution.asString();
    if (dist != null && !DISTRIBUTIONS.contains(dist) && !sweep.spec.wandb.WandbParameters.DISTRIBUTIONS.contains(dist)) {
      List<String> all = new ArrayList<>(DISTRIBUTIONS);
      all.addAll(sweep.spec.wandb.WandbParameters.DISTRIBUTIONS);
      throw distribution.error("unknown distribution '" + dist + "'" + SpecNode.suggestion(dist, all));
    }
    sweep.spec.wandb.WandbParameters.check(keys, dist);
    if (dist != null && sweep.spec.wandb.WandbParameters.DISTRIBUTIONS.contains(dist)) {
      return sweep.spec.wandb.WandbParameters.parse(node, dist, keys);
    }
    if (values != null) {
      if (dist != null && !dist.equals("categorical")) {
        throw values.errorAtKey("'values' goes with distribution categorical, not " + dist);
      }
      for (String other : List.of("min", "max", "q")) {
        if (keys.containsKey(other)) {
          throw keys.get(other).errorAtKey("'" + other + "' cannot be combined with 'values'");
        }
      }
      List<SpecNode> items = values.items();
      if (items.isEmpty()) {
        throw values.error("must list at least one value");
      }
      List<Object> list = new ArrayList<>();
      for (SpecNode item : items) {
        list.add(scalar(item));
      }
      return sweep.spec.wandb.WandbParameters.categorical(list, keys.get("probabilities"));
    }
    if ("categorical".equals(dist)) {
      throw node.missing("values");
    }
    SpecNode minNode = keys.get("min");
    SpecNode maxNode = keys.get("max");
    if (minNode == null && maxNode == null && dist == null) {
      throw node.error("needs 'value', 'values', or a distribution with 'min' and 'max'");
    }
    if (minNode == null) {
      throw node.missing("min");
    }
    if (maxNode == null) {
      throw node.missing("max");
    }
    if (dist == null) {
      dist = isWhole(minNode) && isWhole(maxNode) ? "int_uniform" : "uniform";
    }
    SpecNode qNode = keys.get("q");
    boolean quantized = dist.startsWith("q_");
    if (qNode != null && !quantized) {
      throw qNode.errorAtKey("'q' applies only to q_uniform and q_log_uniform_values, not " + dist
          + (distribution == null ? " (inferred from " + (dist.equals("int_uniform") ? "whole-number" : "decimal")
              + " min and max; write distribution: q_uniform)" : ""));
    }
    double q = 1.0;
    if (qNode != null) {
      q = qNode.asDouble();
      if (q <= 0) {
        throw qNode.error("must be greater than 0, got " + qNode.asString());
      }
    }
    if (dist.equals("int_uniform")) {
      long min = minNode.asLong();
      long max = maxNode.asLong();
      if (min >= max) {
        throw minNode.error("min (" + min + ") must be less than max (" + max + ")");
      }
      // Sampling maps [0, 1) onto max - min + 1 whole numbers in double arithmetic: keep that exact.
      if (max - min < 0 || max - min >= MAX_INT_SPAN) {
        throw node.error("the range from min (" + min + ") to max (" + max + ") is too wide for int_uniform "
            + "(at most 2^53 numbers)");
      }
      return new ParamSpec.IntUniform(min, max);
    }
    double min = minNode.asDouble();
    double max = maxNode.asDouble();
    if (min >= max) {
      throw minNode.error("min (" + minNode.asString() + ") must be less than max (" + maxNode.asString() + ")");
    }
    if (!Double.isFinite(max - min)) {
      throw node.error("the range from min (" + minNode.asString() + ") to max (" + maxNode.asString()
          + ") is too wide to sample");
    }
    boolean log = dist.contains("log");
    if (log && min <= 0) {
      throw minNode.error("a log distribution needs min > 0, got " + minNode.asString());
    }
    if (quantized && log && StrictMath.rint(min / q) < 1) {
      throw qNode.error("q (" + qNode.asString() + ") would round values near min (" + minNode.asString()
          + ") to 0, which a log distribution cannot take; use q <= min");
    }
    if (quantized && q > max - min) {
      throw qNode.error("q (" + qNode.asString() + ") is larger than the range max - min");
    }
    return switch (dist) {
      case "uniform" -> new ParamSpec.Uniform(min, max);
      case "log_uniform_values" -> new ParamSpec.LogUniform(min, max);
      case "q_uniform" -> new ParamSpec.QUniform(min, max, q);
      case "q_log_uniform_values" -> new ParamSpec.QLogUniform(min, max, q);
      default -> throw new IllegalStateException(dist);
    };
  }

  private static boolean isWhole(SpecNode n) {
    return n.asValue() instanceof Long;
  }

  private static Object scalar(SpecNode node) {
    if (!node.isScalar()) {
      throw node.error("expected a single value (number, string or boolean), got "
          + (node.isMapping() ? "a mapping" : node.isSequence() ? "a list" : "nothing"));
    }
    return node.asValue();
  }

  private static int optInt(SpecNode node, int fallback) {
    return node == null || node.isNull() ? fallback : node.asInt(0, 1_000_000);
  }

  private static double optThreshold(SpecNode node, double fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    double v = node.asDouble();
    if (v < 0) {
      throw node.error("must be 0 or more, got " + node.asString());
    }
    return v;
  }

  private static Devices devices(SpecNode root) {
    int perTrial = root.get("gpus_per_trial").map(n -> n.asInt(1, 64)).orElse(1);
    Optional<SpecNode> node = root.get("devices");
    if (node.isEmpty()) {
      return new Devices("auto", List.of(), perTrial);
    }
    SpecNode n = node.get();
    if (n.isSequence()) {
      List<Integer> gpus = new ArrayList<>();
      for (SpecNode item : n.items()) {
        int g = item.asInt(0, 1023);
        if (gpus.contains(g)) {
          throw item.error("GPU " + g + " is listed twice");
        }
        gpus.add(g);
      }
      if (gpus.size() < perTrial) {
        throw n.error(gpus.size() + " GPU(s) listed but gpus_per_trial is " + perTrial);
      }
      return new Devices("list", gpus, perTrial);
    }
    String mode = n.asString();
    if (!mode.equals("auto") && !mode.equals("cpu")) {
      throw n.error("expected auto, cpu or a list of GPU indices, got '" + mode + "'");
    }
    return new Devices(mode, List.of(), perTrial);
  }

  private static java.time.Duration optDuration(SpecNode node, java.time.Duration fallback) {
    return node == null || node.isNull() ? fallback : node.asDuration();
  }

  private static List<FixedProduct> fixedProducts(SpecNode node, Map<String, ParamSpec> parameters,
      int gpusPerTrial) {
    List<FixedProduct> out = new ArrayList<>();
    Set<String> derivedSoFar = new TreeSet<>();
    for (Map.Entry<String, SpecNode> e : node.entries().entrySet()) {
      SpecNode p = e.getValue();
      p.entries(List.of("value", "factors"));
      long value = p.require("value").asLong();
      if (value < 1) {
        throw p.require("value").error("must be a whole number of at least 1, got " + value);
      }
      SpecNode factorsNode = p.require("factors");
      List<SpecNode> items = factorsNode.items();
      if (items.size() < 2) {
        throw factorsNode.error("needs at least two factors; the last one is derived from the others");
      }
      List<String> factors = new ArrayList<>();
      Map<String, Long> fixed = new java.util.LinkedHashMap<>();
      for (int i = 0; i < items.size(); i++) {
        SpecNode item = items.get(i);
        String f = item.asString();
        if (factors.contains(f)) {
          throw item.error("'" + f + "' is listed twice");
        }
        boolean last = i == items.size() - 1;
        if (last) {
          if (f.equals(FixedProduct.GPUS) && !parameters.containsKey(f)) {
            throw item.error("'" + f + "' is the GPUs each trial holds (a setting, not derived): put it before the "
                + "derived factor");
          }
          if (parameters.containsKey(f)) {
            throw item.error("'" + f + "' is derived here (value / the other factors), so remove it from parameters");
          }
          if (!PARAM_NAME.matcher(f).matches()) {
            throw item.error("'" + f + "' is not a valid parameter name");
          }
          if (!derivedSoFar.add(f)) {
            throw item.error("'" + f + "' is already derived by another fixed product");
          }
        } else if (f.equals(FixedProduct.GPUS) && !parameters.containsKey(f)) {
          fixed.put(f, (long) Math.max(1, gpusPerTrial));
        } else if (!parameters.containsKey(f)) {
          throw item.error("unknown parameter '" + f + "'" + SpecNode.suggestion(f, withGpus(parameters.keySet()))
              + " (a factor is a parameter, or " + FixedProduct.GPUS + ": the GPUs each trial holds)");
        }
        factors.add(f);
      }
      FixedProduct product = new FixedProduct(e.getKey(), value, factors, fixed);
      checkDivides(product, parameters, items);
      out.add(product);
    }
    return out;
  }

  private static Set<String> withGpus(Set<String> names) {
    Set<String> out = new TreeSet<>(names);
    out.add(FixedProduct.GPUS);
    return out;
  }

  /** Every combination of the searched factors' values must divide the product exactly. */
  private static void checkDivides(FixedProduct product, Map<String, ParamSpec> parameters, List<SpecNode> items) {
    List<List<Long>> domains = new ArrayList<>();
    for (int i = 0; i < product.given().size(); i++) {
      String f = product.given().get(i);
      domains.add(product.fixed().containsKey(f) ? List.of(product.fixed().get(f))
          : wholeValues(parameters.get(f), items.get(i)));
    }
    long combos = 1;
    for (List<Long> d : domains) {
      combos *= d.size();
      if (combos > MAX_GRID) {
        throw items.get(0).error("too many combinations to check; give the factors as short 'values' lists");
      }
    }
    checkCombos(product, domains, 0, 1, new ArrayList<>(), items);
  }

  private static void checkCombos(FixedProduct product, List<List<Long>> domains, int depth, long acc,
      List<Long> chosen, List<SpecNode> items) {
    if (depth == domains.size()) {
      if (acc == 0 || product.value() % acc != 0) {
        StringBuilder what = new StringBuilder();
        for (int k = 0; k < chosen.size(); k++) {
          what.append(k == 0 ? "" : " x ").append(product.given().get(k)).append('=').append(chosen.get(k));
        }
        throw items.get(items.size() - 1).error(what + " does not divide " + product.value()
            + ", so " + product.derived() + " would not be a whole number");
      }
      return;
    }
    for (Long v : domains.get(depth)) {
      chosen.add(v);
      // a partial product above the value divides it no more (and this way it never overflows)
      long next = acc > product.value() / v ? product.value() + 1 : acc * v;
      checkCombos(product, domains, depth + 1, next, chosen, items);
      chosen.remove(chosen.size() - 1);
    }
  }

  private static List<Long> wholeValues(ParamSpec spec, SpecNode at) {
    List<Object> raw;
    if (spec instanceof ParamSpec.Constant c) {
      raw = List.of(c.value());
    } else if (spec instanceof ParamSpec.Categorical c) {
      raw = c.values();
    } else if (spec instanceof ParamSpec.IntUniform u && u.max() - u.min() < MAX_GRID) {
      List<Object> range = new ArrayList<>();
      for (long v = u.min(); v <= u.max(); v++) {
        range.add(v);
      }
      raw = range;
    } else {
      throw at.error("a factor of a fixed product must be a constant, a 'values' list or int_uniform");
    }
    List<Long> out = new ArrayList<>();
    for (Object o : raw) {
      if (!(o instanceof Long l) || l < 1) {
        throw at.error("a factor of a fixed product takes whole numbers of at least 1, got " + o);
      }
      out.add(l);
    }
    return out;
  }

  private static int gridSize(SpecNode node, Map<String, ParamSpec> parameters) {
    long size = 1;
    for (Map.Entry<String, ParamSpec> e : parameters.entrySet()) {
      List<Object> values = e.getValue().gridValues();
      if (values == null) {
        throw node.require(e.getKey()).error("grid search cannot enumerate a continuous distribution; "
            + "give 'values', int_uniform or q_uniform, or use method random or sobol");
      }
      size *= values.size();
      if (size > MAX_GRID) {
        throw node.error("the grid has more than " + MAX_GRID + " points; narrow it or use method random");
      }
    }
    return (int) size;
  }

}
