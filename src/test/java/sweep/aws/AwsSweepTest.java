package sweep.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.artifact.ArtifactStore;
import sweep.artifact.Manifest;
import sweep.artifact.S3ArtifactStore;
import sweep.artifact.StoredObject;
import sweep.data.DataHash;
import sweep.data.DynamoDbLines;
import sweep.data.LabeledLine;
import sweep.data.SyntheticReceipts;
import sweep.store.DataSnapshot;
import sweep.store.SqliteStore;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.TrialRecord;
import sweep.testing.Cli;
import sweep.testing.DynamoTables;
import sweep.testing.LocalAws;
import sweep.util.Json;

/**
 * The production path end to end against DynamoDB Local and S3Mock: the README's layoutlm recipe shape with
 * {@code SWEEP_DATA=dynamodb://...} and {@code SWEEP_ARTIFACTS=s3://...}, then the promotion gate.
 */
@ExtendWith(LocalAws.class)
class AwsSweepTest {
  @TempDir Path dir;

  static final String SPEC = """
      name: nightly
      task: token-classification
      model:
        config: {hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64}
        max_seq_length: 24
      data: {source: "${SWEEP_DATA}", seed: 0, bad_rows: skip, page_size: 50}
      method: random
      metric: {name: val_f1, goal: maximize}
      run_cap: 2
      max_parallel: 2
      parameters:
        learning_rate: {distribution: log_uniform_values, min: 2.0e-3, max: 4.0e-3}
        per_device_train_batch_size: {value: 16}
      trial: {epochs: 2}
      retrain: {epochs: 2}
      artifacts: ${SWEEP_ARTIFACTS}
      """;

  @Test
  void dynamoDbDataAndS3ArtifactsEndToEndThenTheGatedPromotion() throws Exception {
    Map<String, String> env = new HashMap<>(LocalAws.env());
    AwsConfig aws = new AwsConfig(env);
    List<LabeledLine> lines = SyntheticReceipts.generate(5, 30);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    lines.forEach(l -> items.add(DynamoDbLines.toItem(l)));
    Map<String, AttributeValue> bad = new HashMap<>(items.get(0));
    bad.put("line_id", AttributeValue.fromS("bad-1"));
    bad.remove("labels");
    items.add(bad);
    try (DynamoDbClient ddb = aws.dynamoDb(); S3Client s3 = aws.s3()) {
      DynamoTables.createReceipts(ddb, "receipts-e2e");
      DynamoTables.write(ddb, "receipts-e2e", items);
      s3.createBucket(b -> b.bucket("models"));
    }
    env.put("SWEEP_DATA", "dynamodb://receipts-e2e");
    env.put("SWEEP_ARTIFACTS", "s3://models/sweeps");
    Path spec = dir.resolve("layoutlm.yaml");
    Files.writeString(spec, SPEC + "runs_dir: " + dir.resolve("work/runs") + "\n");
    String db = dir.resolve("sweep.db").toString();

    Cli.Result run = Cli.run(env, "run", spec.toString(), "--db", db);
    assertThat(run.code()).as(run.toString()).isZero();

    try (Store store = SqliteStore.open(Path.of(db), java.time.Clock.systemUTC())) {
      SweepRecord s = store.sweep("nightly").orElseThrow();
      DataSnapshot d = store.dataSnapshot(s.id()).orElseThrow();
      assertThat(d.source()).isEqualTo("dynamodb://receipts-e2e");
      assertThat(d.items()).isEqualTo(items.size());
      assertThat(d.lines()).isEqualTo(lines.size());
      assertThat(d.badRows()).contains("1 bad row").contains("missing_field");
      List<LabeledLine> sorted = new ArrayList<>(lines);
      sorted.sort(java.util.Comparator.comparing(LabeledLine::documentId).thenComparing(LabeledLine::lineId));
      assertThat(d.dataHash()).isEqualTo(DataHash.of(sorted));
      for (TrialRecord t : store.trials(s.id())) {
        assertThat(store.provenance(t.id()).orElseThrow().dataHash()).as("trial %s trained on the snapshot",
            t.label()).isEqualTo(d.dataHash());
      }
      assertThat(Cli.run(env, "status", "--db", db).out()).contains("data dynamodb://receipts-e2e: " + lines.size()
          + " line(s) of " + items.size());
    }

    try (ArtifactStore store = new S3ArtifactStore(S3ArtifactStore.Location.parse("s3://models/sweeps"),
        new AwsConfig(env))) {
      List<String> keys = store.list("runs/nightly/");
      assertThat(keys).contains("runs/nightly/data/receipts-e2e.jsonl", "runs/nightly/trial-0000/manifest.json",
          "runs/nightly/trial-0001/manifest.json", "runs/nightly/best/manifest.json",
          "runs/nightly/best/model.safetensors", "runs/nightly/best/config.json");
      Manifest best = Manifest.parse(store.read("runs/nightly/best/manifest.json").orElseThrow()).orElseThrow();
      Map<String, Long> sizes = new HashMap<>();
      store.objects("runs/nightly/best/").forEach(o -> sizes.put(o.key(), o.size()));
      for (Manifest.Entry e : best.files()) {
        assertThat(sizes.get("runs/nightly/best/" + e.path())).as(e.path()).isEqualTo(e.size());
        assertThat(sweep.artifact.Checksums.sha256(store.read("runs/nightly/best/" + e.path()).orElseThrow()))
            .isEqualTo(e.sha256());
      }

      Cli.Result resync = Cli.run(env, "sync", dir.resolve("work/runs/nightly/best").toString(),
          "s3://models/sweeps/runs/nightly/best");
      assertThat(resync.code()).as(resync.toString()).isZero();
      assertThat(resync.out()).as("nothing changed, nothing uploaded").startsWith("0 of " + best.files().size());

      Cli.Result promote = Cli.run(env, "best", "--db", db, "--promote");
      assertThat(promote.code()).as(promote.toString()).isZero();
      assertThat(promote.out()).contains("promoted nightly").contains("first production model");
      JsonNode pointer = Json.tree(new String(store.read("production/CURRENT.json").orElseThrow()));
      assertThat(pointer.path("sweep").asText()).isEqualTo("nightly");
      String version = pointer.path("version").asText();
      assertThat(store.objects("production/versions/" + version + "/")).extracting(StoredObject::key)
          .contains("production/versions/" + version + "/model.safetensors",
              "production/versions/" + version + "/manifest.json");

      Cli.Result again = Cli.run(env, "best", "--db", db, "--promote");
      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.out()).contains("not promoted").contains("does not beat production's");
      assertThat(Json.tree(new String(store.read("production/CURRENT.json").orElseThrow())).path("version")
          .asText()).isEqualTo(version);
    }
    try (Store store = SqliteStore.open(Path.of(db), java.time.Clock.systemUTC())) {
      assertThat(store.promotions(store.sweep("nightly").orElseThrow().id()))
          .extracting(p -> p.promoted()).containsExactly(true, false);
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s holds no secret", f)
            .doesNotContain("sweeptestsecret");
      }
    }
    assertThat(run.out() + run.err()).doesNotContain("sweeptestsecret");
  }

  @Test
  void aMissingBucketOrTableFailsTheSweepAtOnceWithOneLine() throws Exception {
    Map<String, String> env = new HashMap<>(LocalAws.env());
    try (DynamoDbClient ddb = new AwsConfig(env).dynamoDb(); S3Client s3 = new AwsConfig(env).s3()) {
      DynamoTables.createReceipts(ddb, "receipts-small");
      DynamoTables.write(ddb, "receipts-small", SyntheticReceipts.generate(1, 4).stream()
          .map(DynamoDbLines::toItem).toList());
      s3.createBucket(b -> b.bucket("models-small"));
    }
    Path spec = dir.resolve("layoutlm.yaml");
    Files.writeString(spec, SPEC + "runs_dir: " + dir.resolve("work/runs") + "\n");

    env.put("SWEEP_DATA", "dynamodb://receipts-small");
    env.put("SWEEP_ARTIFACTS", "s3://no-such-bucket/sweeps");
    Cli.Result noBucket = Cli.run(env, "run", spec.toString(), "--db", dir.resolve("a.db").toString());
    assertThat(noBucket.code()).as(noBucket.toString()).isEqualTo(2);
    assertThat(lastLine(noBucket.err())).startsWith("sweep: cannot write to the artifact store"
        + " s3://no-such-bucket/sweeps").contains("bucket does not exist");

    env.put("SWEEP_DATA", "dynamodb://no-such-table");
    env.put("SWEEP_ARTIFACTS", "s3://models-small/sweeps");
    Cli.Result noTable = Cli.run(env, "run", spec.toString(), "--db", dir.resolve("b.db").toString());
    assertThat(noTable.code()).as(noTable.toString()).isEqualTo(2);
    assertThat(lastLine(noTable.err())).startsWith("sweep: dynamodb://no-such-table: no such table");
    assertThat(noTable.err()).doesNotContain("Exception").doesNotContain("\tat ");
    Cli.Result status = Cli.run(env, "status", "--db", dir.resolve("b.db").toString());
    assertThat(status.out()).contains("FAILED").contains("cannot read the data");
  }

  /** The command's error line (what comes before it is the progress log). */
  private static String lastLine(String err) {
    String[] lines = err.strip().split("\n");
    return lines[lines.length - 1];
  }
}
