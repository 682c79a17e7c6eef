package sweep.data.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.spec.SpecException;
import sweep.spec.SpecLoader;
import sweep.spec.SpecNode;
import sweep.spec.TaskSchema;
import sweep.train.TaskTypes;
import sweep.util.Json;

/** {@link DataSources#parse}: every form, and an error at the right key, line and column for every wrong input. */
class DataSourcesTest {
  @TempDir Path dir;

  private static final DataSources.Rules DETECTION = new DataSources.Rules(EnumSet.of(DataSource.Kind.SYNTHETIC,
      DataSource.Kind.LOCAL_PATH, DataSource.Kind.TRAIN_VAL, DataSource.Kind.S3_PREFIX),
      DataSources.LocalPathType.DIRECTORY, "image");

  /** A task that only parses its {@code data:} mapping, so the spec loader hands the node over. */
  private static final class Probe implements TaskSchema {
    final DataSources.Rules rules;
    DataSource parsed;

    Probe(DataSources.Rules rules) {
      this.rules = rules;
    }

    @Override
    public String name() {
      return "probe";
    }

    @Override
    public Set<String> specKeys() {
      return Set.of("data");
    }

    @Override
    public JsonNode configure(SpecNode root, Set<String> parameters) {
      parsed = DataSources.parse(root.require("data"), rules);
      return Json.mapper().createObjectNode();
    }

    @Override
    public Optional<Set<String>> reportedMetrics(JsonNode config) {
      return Optional.empty();
    }
  }

  private static DataSource parse(DataSources.Rules rules, String data) {
    Probe probe = new Probe(rules);
    String yaml = "task: probe\nmetric: {name: m, goal: maximize}\nparameters:\n  lr: {value: 1}\ndata:\n"
        + data.indent(2) + "run_cap: 1\ntrial: {epochs: 1}\n";
    new SpecLoader(Map.of(), List.of(probe)).parse("s.yaml", yaml);
    return probe.parsed;
  }

  private static void fails(DataSources.Rules rules, String data, String message) {
    assertThatThrownBy(() -> parse(rules, data)).as(data).isInstanceOf(SpecException.class).hasMessage(message);
  }

  @Test
  void readsEveryForm() throws Exception {
    Path images = Files.createDirectory(dir.resolve("images"));
    Path train = Files.writeString(dir.resolve("train.json"), "{}");
    Path val = Files.writeString(dir.resolve("val.json"), "{}");
    assertThat(parse(DETECTION, "source: synthetic")).isEqualTo(new DataSource.Synthetic());
    assertThat(parse(DETECTION, "source: file:" + images)).isEqualTo(new DataSource.LocalPath(images));
    assertThat(parse(DETECTION, "train: file:" + train + "\nval: file:" + val))
        .isEqualTo(new DataSource.TrainVal(train, val));
    assertThat(parse(DETECTION, "source: s3://forms-data/commonforms/v1/"))
        .isEqualTo(new DataSource.S3Prefix("forms-data", "commonforms/v1"));
    DataSource whole = parse(DETECTION, "source: s3://forms.data-1");
    assertThat(whole).isEqualTo(new DataSource.S3Prefix("forms.data-1", ""));
    assertThat(whole.describe()).isEqualTo("s3://forms.data-1");
    assertThat(((DataSource.S3Prefix) whole).keyPrefix()).isEmpty();
    DataSource.S3Prefix p = new DataSource.S3Prefix("b", "x/y");
    assertThat(p.keyPrefix()).isEqualTo("x/y/");
    assertThat(parse(new DataSources.Rules(EnumSet.of(DataSource.Kind.DYNAMODB_TABLE),
        DataSources.LocalPathType.FILE, "document"), "source: dynamodb://receipts.v2"))
        .isEqualTo(new DataSource.DynamoDbTable("receipts.v2"));
  }

  @Test
  void everyWrongInputIsASpecErrorAtItsKey() throws Exception {
    Path file = Files.writeString(dir.resolve("a.json"), "{}");
    String missing = dir.resolve("none").toString();
    fails(DETECTION, "source: file:" + file, "s.yaml:6:11: data.source: no such directory: " + file);
    fails(DETECTION, "source: ftp://x", "s.yaml:6:11: data.source: unknown data source 'ftp://x' (expected"
        + " synthetic, file:PATH or s3://BUCKET/PREFIX)");
    fails(DETECTION, "source: dynamodb://table", "s.yaml:6:11: data.source: unknown data source 'dynamodb://table'"
        + " (expected synthetic, file:PATH or s3://BUCKET/PREFIX)");
    fails(DETECTION, "source: synthetic\ntrain: file:" + file, "s.yaml:6:3: data.source: give either 'source'"
        + " (split by image) or 'train' and 'val'");
    fails(DETECTION, "train: file:" + file, "s.yaml:5:1: data.val: required key is missing");
    fails(DETECTION, "train: " + file + "\nval: file:" + file, "s.yaml:6:10: data.train: expected file:PATH, got '"
        + file + "'");
    fails(DETECTION, "train: file:" + file + "\nval: file:" + missing, "s.yaml:7:8: data.val: no such file: "
        + missing);
    fails(DETECTION, "seed: 1", "s.yaml:5:1: data.source: required key is missing");
    for (String bad : List.of("s3://", "s3://UPPER/x", "s3://ab/x", "s3://-abc/x", "s3://a..b/x",
        "s3://192.168.1.1/x")) {
      String bucket = bad.substring(5).contains("/") ? bad.substring(5, bad.indexOf('/', 5)) : bad.substring(5);
      fails(DETECTION, "source: " + bad, "s.yaml:6:11: data.source: '" + bucket + "' is not an S3 bucket name"
          + " (3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)");
    }
    for (String prefix : List.of("a//b", "../x", "a/./b")) {
      fails(DETECTION, "source: s3://bucket/" + prefix, "s.yaml:6:11: data.source: '" + prefix + "' is not a plain"
          + " key prefix (no '.', '..', '//' or control characters)");
    }
    DataSources.Rules oneSource = new DataSources.Rules(EnumSet.of(DataSource.Kind.SYNTHETIC,
        DataSource.Kind.DYNAMODB_TABLE), DataSources.LocalPathType.FILE, "document");
    fails(oneSource, "train: file:" + file + "\nval: file:" + file, "s.yaml:6:3: data.train: this task reads one"
        + " 'source' (synthetic or dynamodb://TABLE), not 'train' and 'val'");
    fails(oneSource, "source: dynamodb://ab", "s.yaml:6:11: data.source: 'ab' is not a DynamoDB table name (3-255"
        + " letters, digits, '_', '-', '.')");
  }

  /** Token classification keeps its messages: it reads synthetic, file:, train/val and dynamodb:// sources. */
  @Test
  void tokenClassificationKeepsItsMessages() throws Exception {
    Path file = Files.writeString(dir.resolve("lines.jsonl"), "");
    String head = "task: token-classification\nmetric: {name: val_f1, goal: maximize}\nparameters:\n"
        + "  learning_rate: {value: 0.001}\ndata:\n";
    SpecLoader loader = new SpecLoader(Map.of(), TaskTypes.all());
    assertThatThrownBy(() -> loader.parse("t.yaml", head + "  source: s3://bucket/x\n"))
        .hasMessage("t.yaml:6:11: data.source: unknown data source 's3://bucket/x' (expected synthetic, file:PATH"
            + " or dynamodb://TABLE)");
    assertThatThrownBy(() -> loader.parse("t.yaml", head + "  source: file:" + dir + "\n"))
        .hasMessage("t.yaml:6:11: data.source: no such file: " + dir);
    assertThatThrownBy(() -> loader.parse("t.yaml", head + "  source: synthetic\n  val: file:" + file + "\n"))
        .hasMessage("t.yaml:6:3: data.source: give either 'source' (split by document) or 'train' and 'val'");
    assertThatThrownBy(() -> loader.parse("t.yaml", head + "  source: dynamodb://x\n"))
        .hasMessage("t.yaml:6:11: data.source: 'x' is not a DynamoDB table name (3-255 letters, digits, '_', '-',"
            + " '.')");
    JsonNode cfg = loader.parse("t.yaml", head + "  train: file:" + file + "\n  val: file:" + file + "\nrun_cap: 1\ntrial: {epochs: 1}\n")
        .taskConfig().path("data");
    assertThat(cfg.path("kind").asText()).isEqualTo("files");
    assertThat(cfg.path("train").asText()).isEqualTo(file.toString());
    assertThat(cfg.has("source")).isFalse();
    JsonNode table = loader.parse("t.yaml", head + "  source: dynamodb://receipts\nrun_cap: 1\ntrial: {epochs: 1}\n").taskConfig().path("data");
    assertThat(table.path("kind").asText()).isEqualTo("dynamodb");
    assertThat(table.path("table").asText()).isEqualTo("receipts");
    assertThat(table.path("source").asText()).isEqualTo("dynamodb://receipts");
  }
}
