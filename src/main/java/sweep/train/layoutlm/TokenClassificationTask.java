package sweep.train.layoutlm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import sweep.aws.AwsConfig;
import sweep.data.DataHash;
import sweep.data.DynamoDbLines;
import sweep.data.JsonlLines;
import sweep.data.LabeledLine;
import sweep.data.FieldNames;
import sweep.data.DefaultTokenizer;
import sweep.data.Labels;
import sweep.data.source.DataSource;
import sweep.data.source.DataSources;
import sweep.spec.SpecNode;
import sweep.store.DataSnapshot;
import sweep.train.Prepared;
import sweep.train.TaskType;
import sweep.train.TrialContext;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * {@code task: token-classification}: LayoutLM fine-tuning (or training from scratch) on words with boxes and BIO
 * tags, scored by entity-level F1 with seqeval semantics.
 *
 * <pre>
 * model:
 *   pretrained: DIR          # a Hugging Face LayoutLM directory (config.json, model.safetensors, tokenizer.json)
 *   config: {hidden_size: 64, num_hidden_layers: 2, ...}   # or an architecture to train from scratch
 *   max_seq_length: 64
 * data:
 *   source: synthetic        # synthetic | file:PATH | dynamodb://TABLE (split by document)
 *                            #   or train: file:PATH + val: file:PATH
 *   fields: {receipt_id: doc, line_id: n, words: tokens, boxes: bbox, labels: tags}  # other attribute names
 *   segments: 4              # dynamodb: parallel scan segments
 *   page_size: 1000          # dynamodb: items per scan request (default: 1 MB pages)
 *   receipts: 400            # synthetic: how many receipts
 *   seed: 0                  # synthetic data and split seed
 *   val_fraction: 0.2
 *   bad_rows: skip           # skip | fail
 *   labels: [O, B-TOTAL, I-TOTAL]   # optional: fixed label set (default: inferred from the data)
 * tokenizer: PATH/tokenizer.json    # default: the pretrained model's, else a generated WordPiece vocabulary
 * </pre>
 */
public final class TokenClassificationTask implements sweep.train.TrainerBatch.Task {
  private static final Logger LOG = LoggerFactory.getLogger(TokenClassificationTask.class);
  static final Set<String> METRICS = Set.of("val_f1", "val_precision", "val_recall", "val_loss", "train_loss");
  private static final Map<String, Number> SCRATCH = new java.util.LinkedHashMap<>();

  static {
    SCRATCH.put("hidden_size", 64);
    SCRATCH.put("num_hidden_layers", 2);
    SCRATCH.put("num_attention_heads", 2);
    SCRATCH.put("intermediate_size", 128);
    SCRATCH.put("hidden_dropout_prob", 0.1);
    SCRATCH.put("attention_probs_dropout_prob", 0.1);
    SCRATCH.put("max_position_embeddings", 128);
    SCRATCH.put("max_2d_position_embeddings", 1024);
    SCRATCH.put("type_vocab_size", 2);
    SCRATCH.put("layer_norm_eps", 1e-12);
    SCRATCH.put("initializer_range", 0.02);
  }

  @Override
  public String name() {
    return "token-classification";
  }

  @Override
  public sweep.spec.MetricDefinition metricDefinition(JsonNode taskConfig, String metric) {
    boolean entities = metric.endsWith("_f1") || metric.endsWith("_precision") || metric.endsWith("_recall");
    return new sweep.spec.MetricDefinition("token-classification", entities ? "seqeval" : null, null);
  }

  @Override
  public Set<String> specKeys() {
    return Set.of("model", "data", "tokenizer");
  }

  @Override
  public Optional<Set<String>> reportedMetrics(JsonNode config) {
    return Optional.of(METRICS);
  }

  @Override
  public JsonNode configure(SpecNode root, Set<String> parameters) {
    sweep.train.TrialParams.check(root, parameters, name(), TrainingSettings.NAMES, "learning_rate");
    ObjectNode out = Json.mapper().createObjectNode();
    out.set("model", model(root.get("model").orElse(null)));
    out.set("data", data(root.require("data")));
    root.get("tokenizer").ifPresent(t -> out.put("tokenizer", existingFile(t, "tokenizer.json")));
    int maxSeq = out.path("model").path("max_seq_length").asInt();
    JsonNode cfg = out.path("model").path("config");
    if (!cfg.isMissingNode() && maxSeq > cfg.path("max_position_embeddings").asInt()) {
      throw root.require("model").require("max_seq_length").error("is larger than max_position_embeddings ("
          + cfg.path("max_position_embeddings").asInt() + ")");
    }
    return out;
  }

  private static ObjectNode model(SpecNode node) {
    ObjectNode out = Json.mapper().createObjectNode();
    Map<String, SpecNode> keys = node == null ? Map.of() : node.entries(List.of("pretrained", "config",
        "max_seq_length"));
    out.put("max_seq_length", keys.containsKey("max_seq_length") ? keys.get("max_seq_length").asInt(8, 4096) : 64);
    if (keys.containsKey("pretrained")) {
      if (keys.containsKey("config")) {
        throw keys.get("config").errorAtKey("give either 'pretrained' (its config.json is used) or 'config', not both");
      }
      out.put("pretrained", sweep.train.TrialParams.pretrainedDirectory(keys.get("pretrained")).toString());
      return out;
    }
    ObjectNode cfg = out.putObject("config");
    SCRATCH.forEach((k, v) -> {
      if (v instanceof Integer i) {
        cfg.put(k, i);
      } else {
        cfg.put(k, v.doubleValue());
      }
    });
    if (keys.containsKey("config")) {
      for (Map.Entry<String, SpecNode> e : keys.get("config").entries(SCRATCH.keySet()).entrySet()) {
        SpecNode v = e.getValue();
        if (SCRATCH.get(e.getKey()) instanceof Integer) {
          cfg.put(e.getKey(), v.asInt(1, 1 << 20));
        } else {
          double d = v.asDouble();
          if (d < 0 || (e.getKey().contains("dropout") && d >= 1)) {
            throw v.error("out of range: " + d);
          }
          cfg.put(e.getKey(), d);
        }
      }
      if (cfg.path("hidden_size").asInt() % cfg.path("num_attention_heads").asInt() != 0) {
        throw keys.get("config").error("hidden_size must be a multiple of num_attention_heads");
      }
    }
    return out;
  }

  private static ObjectNode data(SpecNode node) {
    Map<String, SpecNode> keys = node.entries(List.of("source", "train", "val", "receipts", "seed", "val_fraction",
        "bad_rows", "labels", "fields", "segments", "page_size"));
    ObjectNode out = Json.mapper().createObjectNode();
    DataSource source = DataSources.parse(node, SOURCES);
    if (source instanceof DataSource.TrainVal tv) {
      out.put("kind", "files");
      out.put("train", tv.train().toString());
      out.put("val", tv.val().toString());
    } else if (source instanceof DataSource.LocalPath f) {
      out.put("kind", "file");
      out.put("path", f.path().toString());
    } else if (source instanceof DataSource.DynamoDbTable t) {
      out.put("kind", "dynamodb");
      out.put("table", t.table());
    } else {
      out.put("kind", "synthetic");
    }
    if (!(source instanceof DataSource.TrainVal)) {
      out.put("source", node.require("source").asString());
    }
    boolean dynamo = out.path("kind").asText().equals("dynamodb");
    for (String key : List.of("segments", "page_size")) {
      if (keys.containsKey(key) && !dynamo) {
        throw keys.get(key).errorAtKey("only a dynamodb:// source is scanned in segments and pages");
      }
    }
    out.put("segments", keys.containsKey("segments") ? keys.get("segments").asInt(1, 64) : 4);
    if (keys.containsKey("page_size")) {
      out.put("page_size", keys.get("page_size").asInt(1, 1_000_000));
    }
    if (keys.containsKey("fields")) {
      Map<String, SpecNode> f = keys.get("fields").entries(FieldNames.DEFAULT.all());
      ObjectNode names = out.putObject("fields");
      Set<String> used = new LinkedHashSet<>();
      for (String field : FieldNames.DEFAULT.all()) {
        String name = f.containsKey(field) ? f.get(field).asString() : field;
        if (name.isBlank()) {
          throw f.get(field).error("must not be empty");
        }
        if (!used.add(name)) {
          throw (f.containsKey(field) ? f.get(field) : keys.get("fields")).error("'" + name
              + "' names two fields");
        }
        names.put(field, name);
      }
    }
    out.put("receipts", keys.containsKey("receipts") ? keys.get("receipts").asInt(2, 10_000_000) : 400);
    out.put("seed", keys.containsKey("seed") ? keys.get("seed").asLong() : 0L);
    double fraction = 0.2;
    if (keys.containsKey("val_fraction")) {
      fraction = keys.get("val_fraction").asDouble();
      if (fraction <= 0 || fraction >= 1) {
        throw keys.get("val_fraction").error("must be between 0 and 1 (exclusive), got " + fraction);
      }
    }
    out.put("val_fraction", fraction);
    String policy = keys.containsKey("bad_rows") ? keys.get("bad_rows").asString() : "skip";
    if (!policy.equals("skip") && !policy.equals("fail")) {
      throw keys.get("bad_rows").error("unknown policy '" + policy + "'" + SpecNode.suggestion(policy,
          List.of("skip", "fail")));
    }
    out.put("bad_rows", policy);
    if (keys.containsKey("labels")) {
      ArrayNode labels = out.putArray("labels");
      Set<String> seen = new LinkedHashSet<>();
      for (SpecNode item : keys.get("labels").items()) {
        String tag = item.asString();
        if (!Labels.isWellFormed(tag)) {
          throw item.error("'" + tag + "' is not a BIO tag (O, B-TYPE or I-TYPE)");
        }
        if (!seen.add(tag)) {
          throw item.error("'" + tag + "' is listed twice");
        }
        labels.add(tag);
      }
      if (!seen.contains("O")) {
        throw keys.get("labels").error("must include O");
      }
    }
    return out;
  }

  /** The sources token classification reads. */
  private static final Set<DataSource.Kind> SOURCES = java.util.EnumSet.of(DataSource.Kind.SYNTHETIC,
      DataSource.Kind.LOCAL_PATH, DataSource.Kind.TRAIN_VAL, DataSource.Kind.DYNAMODB_TABLE);

  private static String existingFile(SpecNode node, String what) {
    String text = node.asString();
    Path p = Path.of(text.startsWith("file:") ? text.substring(5) : text).toAbsolutePath();
    if (!Files.isRegularFile(p)) {
      throw node.error("no such file: " + p);
    }
    return p.toString();
  }

  // ---- the sweep's data ----

  /**
   * Fixes the sweep's data. A DynamoDB table is scanned once into {@code <dataDir>/<table>.jsonl} (default
   * field names, lines sorted by receipt and line id), and trials read that file; a file or synthetic source is
   * read as trials will read it, to record its line count and hash.
   */
  @Override
  public Prepared prepare(JsonNode taskConfig, Path dataDir, Map<String, String> env) throws IOException {
    JsonNode d = taskConfig.path("data");
    if (d.path("kind").asText().equals("dynamodb")) {
      return snapshotTable(taskConfig, dataDir, env);
    }
    TrialData data = TrialData.load(d);
    String source = d.path("kind").asText().equals("files")
        ? "train file:" + d.path("train").asText() + ", val file:" + d.path("val").asText()
        : d.path("source").asText(d.path("kind").asText());
    return new Prepared(taskConfig, new DataSnapshot(source, null, data.all().size() + data.badRows().total(),
        data.all().size(), DataHash.of(data.all()), data.badRows().summary(), Json.write(taskConfig), null));
  }

  private static Prepared snapshotTable(JsonNode taskConfig, Path dataDir, Map<String, String> env)
      throws IOException {
    JsonNode d = taskConfig.path("data");
    String table = d.path("table").asText();
    AwsConfig aws = new AwsConfig(env);
    DynamoDbLines.Scan scan;
    try (DynamoDbClient client = aws.dynamoDb()) {
      scan = DynamoDbLines.scan(client, table, TrialData.readOptions(d), d.path("segments").asInt(4),
          d.has("page_size") ? d.path("page_size").asInt() : null);
    }
    List<LabeledLine> lines = scan.loaded().lines();
    if (lines.isEmpty()) {
      throw new BadInputException("dynamodb://" + table + ": no usable line among " + scan.items() + " item(s) ("
          + scan.loaded().badRows().summary() + ")");
    }
    Path file = dataDir.resolve(table + ".jsonl");
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JsonlLines.write(tmp, lines);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    ObjectNode config = taskConfig.deepCopy();
    ObjectNode data = (ObjectNode) config.path("data");
    data.put("kind", "file");
    data.put("path", file.toAbsolutePath().toString());
    data.remove(List.of("fields", "table", "segments", "page_size"));
    LOG.info("dynamodb://{}: {} item(s) in {} page(s), {} line(s) kept, {}", table, scan.items(), scan.pages(),
        lines.size(), scan.loaded().badRows().summary());
    return new Prepared(config, new DataSnapshot(d.path("source").asText(), file.toAbsolutePath().toString(),
        scan.items(), lines.size(), DataHash.of(lines), scan.loaded().badRows().summary(), Json.write(config),
        null));
  }

  // ---- the trial ----

  @Override
  public void run(TrialContext ctx) throws Exception {
    sweep.train.TrialParams.applyCpuThreads();
    JsonNode cfg = ctx.config().taskConfig();
    TrialData data = TrialData.load(cfg.path("data"));
    ctx.dataHash(DataHash.of(data.all()));
    LOG.info("data: {} train / {} val lines, {} labels; {}", data.split().train().size(), data.split().val().size(),
        data.labels().size(), data.badRows().summary());

    JsonNode modelCfg = cfg.path("model");
    String pretrained = modelCfg.path("pretrained").isTextual() ? modelCfg.path("pretrained").asText() : null;
    Path tokenizerJson = ctx.trialDir().resolve("tokenizer.json");
    if (cfg.path("tokenizer").isTextual()) {
      Files.copy(Path.of(cfg.path("tokenizer").asText()), tokenizerJson, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else if (pretrained != null && Files.exists(Path.of(pretrained, "tokenizer.json"))) {
      Files.copy(Path.of(pretrained, "tokenizer.json"), tokenizerJson, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.writeString(tokenizerJson, DefaultTokenizer.json());
    }
    int maxSeq = modelCfg.path("max_seq_length").asInt(64);
    Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options)) {
      Map<String, Integer> labelIds = new HashMap<>();
      for (int i = 0; i < data.labels().size(); i++) {
        labelIds.put(data.labels().get(i), i);
      }
      Features train = Features.of(data.split().train(), tokenizer, labelIds, maxSeq);
      Features val = Features.of(data.split().val(), tokenizer, labelIds, maxSeq);
      if (train.truncated() + val.truncated() > 0) {
        LOG.warn("{} train and {} val lines were longer than max_seq_length {} and were cut", train.truncated(),
            val.truncated(), maxSeq);
      }
      TrainingSettings hp = TrainingSettings.from(ctx.config().params());
      NDManager loadManager = NDManager.newBaseManager();
      LayoutLmConfig config;
      Map<String, NDArray> initial = Map.of();
      if (pretrained != null) {
        LayoutLmConfig base = LayoutLmConfig.read(Path.of(pretrained, "config.json"));
        boolean fresh = !base.labels().equals(data.labels());
        config = base.withLabels(data.labels());
        if (maxSeq > config.maxPositionEmbeddings()) {
          throw new IllegalArgumentException("max_seq_length " + maxSeq + " exceeds the model's "
              + config.maxPositionEmbeddings() + " positions");
        }
        initial = PretrainedWeights.load(Path.of(pretrained), config, fresh, loadManager);
      } else {
        config = scratch(modelCfg.path("config"), vocabSize(tokenizerJson), data.labels());
      }
      new TrainingRun(ctx, hp, config, train, val, tokenizerJson, maxSeq).run(initial, loadManager);
    }
  }

  private static LayoutLmConfig scratch(JsonNode c, int vocab, List<String> labels) {
    ObjectNode o = c.deepCopy();
    o.put("vocab_size", vocab);
    o.put("hidden_act", "gelu");
    o.put("pad_token_id", 0);
    ObjectNode id2label = o.putObject("id2label");
    for (int i = 0; i < labels.size(); i++) {
      id2label.put(Integer.toString(i), labels.get(i));
    }
    return LayoutLmConfig.fromJson(o);
  }

  /** One more than the largest token id in a tokenizer.json (vocabulary and added tokens). */
  static int vocabSize(Path tokenizerJson) throws java.io.IOException {
    JsonNode t = Json.mapper().readTree(tokenizerJson.toFile());
    int max = -1;
    for (JsonNode id : (Iterable<JsonNode>) () -> t.path("model").path("vocab").elements()) {
      max = Math.max(max, id.asInt());
    }
    for (JsonNode added : t.path("added_tokens")) {
      max = Math.max(max, added.path("id").asInt());
    }
    return max + 1;
  }

}
