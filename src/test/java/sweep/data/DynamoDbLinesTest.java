package sweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import sweep.aws.AwsConfig;
import sweep.testing.DynamoTables;
import sweep.testing.LocalAws;
import sweep.util.BadInputException;

/** Scans against DynamoDB Local: the JSONL row rules per item, every page of every segment, a stable order. */
@ExtendWith(LocalAws.class)
class DynamoDbLinesTest {
  private static final ReadOptions SKIP = ReadOptions.of(BadRowPolicy.SKIP);
  private static final ReadOptions FAIL = ReadOptions.of(BadRowPolicy.FAIL);

  private DynamoDbClient ddb;

  @BeforeEach
  void connect() {
    ddb = new AwsConfig(LocalAws.env()).dynamoDb();
  }

  @AfterEach
  void close() {
    ddb.close();
  }

  @Test
  void aLargeTableScansCompletelyAndInTheSameOrderEveryTime(@TempDir Path dir) {
    String table = "lines-large";
    createTable(table, "receipt_id", "S", "line_id", "S");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int r = 0; r < 1000; r++) {
      for (int l = 0; l < 5; l++) {
        int n = 1 + (r + l) % 3;
        List<String> words = new ArrayList<>();
        List<List<Integer>> boxes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          words.add(k == 0 ? "ITEM" + r : (r % 97) + "." + l + k);
          boxes.add(List.of(100 * k, 20 * l, 100 * k + 80, 20 * l + 15));
          labels.add(k == 0 ? "O" : k == 1 ? "B-PRICE" : "I-PRICE");
        }
        items.add(item(String.format("r%04d", r), String.format("%03d", l), strings(words), boxes(boxes),
            strings(labels)));
      }
    }
    // Bad items, several of each kind.
    items.add(without(good("bad-a", "000"), "labels"));
    items.add(without(good("bad-a", "001"), "labels"));
    items.add(without(good("bad-a", "002"), "words"));
    items.add(with(good("bad-a", "003"), "labels", AttributeValue.fromNul(true)));
    for (int i = 0; i < 5; i++) {
      items.add(with(good("bad-b", "00" + i), "labels", strings(List.of("O"))));
    }
    items.add(with(good("bad-c", "000"), "boxes", boxes(List.of(List.of(1, 2, 3), List.of(1, 2, 3, 4)))));
    items.add(with(good("bad-c", "001"), "boxes", boxes(List.of(List.of(1, 2, 3, 4), List.of(1, 2, 3, 4, 5)))));
    items.add(with(good("bad-c", "002"), "boxes", boxes(List.of(List.of(1, 2, 3, 1001), List.of(1, 2, 3, 4)))));
    items.add(with(good("bad-c", "003"), "boxes", AttributeValue.fromL(List.of(
        AttributeValue.fromL(List.of(num("1"), num("2.5"), num("3"), num("4"))), boxes(List.of(List.of(1, 2, 3, 4)))
            .l().get(0)))));
    items.add(with(good("bad-d", "000"), "labels", strings(List.of("O", "X-FOO"))));
    items.add(with(good("bad-d", "001"), "labels", strings(List.of("b-price", "O"))));
    items.add(with(good("bad-d", "002"), "labels", strings(List.of("O", "B-"))));
    items.add(with(good("bad-e", "000"), "words", AttributeValue.fromL(List.of(num("12"), num("3")))));
    items.add(with(good("bad-e", "001"), "words", AttributeValue.fromL(List.of(str("A"), num("3")))));
    items.add(with(good("bad-e", "002"), "words", AttributeValue.fromNs(List.of("1", "2"))));
    items.add(with(good("bad-e", "003"), "words",
        AttributeValue.fromL(List.of(str("A"), AttributeValue.fromB(SdkBytes.fromUtf8String("B"))))));
    items.add(with(good("bad-e", "004"), "labels", AttributeValue.fromBool(true)));
    items.add(item("bad-f", "000", strings(List.of()), boxes(List.of()), strings(List.of())));
    items.add(with(good("bad-g", "000"), "words", strings(List.of("A", " "))));
    int bad = 23;
    assertThat(items).hasSize(5000 + bad);
    write(table, items);

    DynamoDbLines.Scan scan = DynamoDbLines.scan(ddb, table, SKIP, 4, 200);

    List<LabeledLine> lines = scan.loaded().lines();
    BadRows badRows = scan.loaded().badRows();
    assertThat(lines).hasSize(5000);
    assertThat(scan.items()).isEqualTo(5000 + bad);
    assertThat(scan.pages()).isGreaterThan(5000 / 200);
    assertThat(badRows.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        BadRowReason.MISSING_FIELD, 4, BadRowReason.LENGTH_MISMATCH, 5, BadRowReason.BOX_OUT_OF_RANGE, 4,
        BadRowReason.UNKNOWN_TAG, 3, BadRowReason.WRONG_TYPE, 5, BadRowReason.EMPTY_LINE, 1,
        BadRowReason.EMPTY_WORD, 1));
    assertThat(badRows.examples(BadRowReason.MISSING_FIELD)).extracting(BadRow::message).containsExactly(
        "dynamodb://lines-large item receipt_id=bad-a line_id=000: labels: missing",
        "dynamodb://lines-large item receipt_id=bad-a line_id=001: labels: missing",
        "dynamodb://lines-large item receipt_id=bad-a line_id=002: words: missing",
        "dynamodb://lines-large item receipt_id=bad-a line_id=003: labels: missing");
    assertThat(badRows.examples(BadRowReason.WRONG_TYPE)).extracting(BadRow::message).containsExactly(
        "dynamodb://lines-large item receipt_id=bad-e line_id=000: words[0]: expected a string, got a number",
        "dynamodb://lines-large item receipt_id=bad-e line_id=001: words[1]: expected a string, got a number",
        "dynamodb://lines-large item receipt_id=bad-e line_id=002: words: a number set (NS), which keeps no order"
            + " and no repeats; store it as a list (L)",
        "dynamodb://lines-large item receipt_id=bad-e line_id=003: words[1]: expected a string, got binary",
        "dynamodb://lines-large item receipt_id=bad-e line_id=004: labels: expected an array of strings, "
            + "got a boolean");
    assertThat(lines).isSortedAccordingTo((a, b) -> a.documentId().equals(b.documentId())
        ? a.lineId().compareTo(b.lineId()) : a.documentId().compareTo(b.documentId()));
    assertThat(lines.get(0)).isEqualTo(new LabeledLine("r0000", "000", List.of("ITEM0"),
        List.of(new Box(0, 0, 80, 15)), List.of("O")));
    String hash = DataHash.of(lines);

    DynamoDbLines.Scan again = DynamoDbLines.scan(ddb, table, SKIP, 4, 200);
    DynamoDbLines.Scan oneSegment = DynamoDbLines.scan(ddb, table, SKIP, 1, null);
    for (DynamoDbLines.Scan other : List.of(again, oneSegment)) {
      assertThat(other.loaded().lines()).isEqualTo(lines);
      assertThat(other.loaded().badRows()).isEqualTo(badRows);
      assertThat(other.items()).isEqualTo(5000 + bad);
      assertThat(DataHash.of(other.loaded().lines())).isEqualTo(hash);
    }
    assertThat(oneSegment.pages()).isLessThan(scan.pages());

    Path snapshot = dir.resolve("snapshot.jsonl");
    JsonlLines.write(snapshot, lines);
    LoadedLines back = JsonlLines.read(snapshot, FAIL);
    assertThat(back.lines()).isEqualTo(lines);
    assertThat(DataHash.of(back.lines())).isEqualTo(hash);
  }

  @Test
  void underFailTheFirstBadItemStopsTheScanAndIsNamedByItsKeys() {
    String table = "lines-fail";
    createTable(table, "receipt_id", "S", "line_id", "S");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      items.add(good("r" + i, "001"));
    }
    items.add(with(good("r7", "003"), "labels", strings(List.of("O", "B-FOO", "Q"))));
    write(table, items);

    assertThatThrownBy(() -> DynamoDbLines.scan(ddb, table, FAIL, 4, 10))
        .isInstanceOfSatisfying(DataException.class, e -> {
          assertThat(e.reason()).isEqualTo(BadRowReason.LENGTH_MISMATCH);
          assertThat(e.badRow().location()).isEqualTo("dynamodb://lines-fail item receipt_id=r7 line_id=003");
        })
        .hasMessage("dynamodb://lines-fail item receipt_id=r7 line_id=003: words: lengths differ: words 2, "
            + "boxes 2, labels 3");
    assertThat(DynamoDbLines.scan(ddb, table, SKIP, 4, 10).loaded().lines()).hasSize(300);
  }

  @Test
  void wordsOrLabelsStoredAsASetAreABadRowNamingTheSet() {
    String table = "lines-sets";
    createTable(table, "receipt_id", "S", "line_id", "S");
    write(table, List.of(good("r1", "001"),
        with(good("r2", "001"), "labels", AttributeValue.fromSs(List.of("O", "B-TOTAL"))),
        with(good("r3", "001"), "words", AttributeValue.fromSs(List.of("TOTAL", "12.50")))));

    DynamoDbLines.Scan scan = DynamoDbLines.scan(ddb, table, SKIP, 1, 10);

    assertThat(scan.loaded().lines()).extracting(LabeledLine::documentId).containsExactly("r1");
    assertThat(scan.loaded().badRows().count(BadRowReason.WRONG_TYPE)).isEqualTo(2);
    assertThat(scan.loaded().badRows().examples(BadRowReason.WRONG_TYPE)).extracting(BadRow::message)
        .containsExactlyInAnyOrder("dynamodb://lines-sets item receipt_id=r2 line_id=001: labels: a string set (SS),"
            + " which keeps no order and no repeats; store it as a list (L)",
            "dynamodb://lines-sets item receipt_id=r3 line_id=001: words: a string set (SS), which keeps no order"
            + " and no repeats; store it as a list (L)");
  }

  @Test
  void mappedAttributeNamesAndNumericKeys() {
    String table = "lines-mapped";
    createTable(table, "doc", "N", "ln", "N");
    FieldNames names = new FieldNames("doc", "ln", "toks", "bbox", "tags");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String[] key : new String[][] {{"10", "1"}, {"10", "2"}, {"9", "1"}, {"9", "2"}}) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("doc", num(key[0]));
      item.put("ln", num(key[1]));
      item.put("toks", strings(List.of("TOTAL", key[0] + ".00")));
      item.put("bbox", boxes(List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8))));
      item.put("tags", strings(key[0].equals("9") && key[1].equals("2") ? List.of("O") : List.of("O", "B-TOTAL")));
      item.put("note", str("ignored"));
      items.add(item);
    }
    write(table, items);

    DynamoDbLines.Scan scan = DynamoDbLines.scan(ddb, table,
        SKIP.withFields(names).withLabelSet(List.of("O", "B-TOTAL")), 2, null);

    assertThat(scan.loaded().lines()).extracting(l -> l.documentId() + "/" + l.lineId())
        .containsExactly("10/1", "10/2", "9/1");
    assertThat(scan.loaded().lines().get(2).words()).containsExactly("TOTAL", "9.00");
    assertThat(scan.loaded().badRows().examples(BadRowReason.LENGTH_MISMATCH)).extracting(BadRow::message)
        .containsExactly("dynamodb://lines-mapped item doc=9 ln=2: toks: lengths differ: toks 2, bbox 2, tags 1");
    assertThat(DynamoDbLines.scan(ddb, table, SKIP.withFields(names).withLabelSet(List.of("O")), 1, null)
        .loaded().badRows().count(BadRowReason.UNKNOWN_TAG)).isEqualTo(3);
  }

  @Test
  void aKeyTheItemLacksIsAQuestionMark() {
    String table = "lines-hash-only";
    createTable(table, "receipt_id", "S", null, null);
    write(table, List.of(without(good("r1", "001"), "line_id"), good("r2", "001")));

    DynamoDbLines.Scan scan = DynamoDbLines.scan(ddb, table, SKIP, 1, null);

    assertThat(scan.loaded().lines()).extracting(LabeledLine::documentId).containsExactly("r2");
    assertThat(scan.loaded().badRows().examples(BadRowReason.MISSING_FIELD)).extracting(BadRow::message)
        .containsExactly("dynamodb://lines-hash-only item receipt_id=r1 line_id=?: line_id: missing");
  }

  @Test
  void aMissingTableIsBadInput() {
    assertThatThrownBy(() -> DynamoDbLines.scan(ddb, "no-such-lines", SKIP, 2, null))
        .isInstanceOf(BadInputException.class)
        .hasMessage("dynamodb://no-such-lines: no such table (region " + LocalAws.REGION + ", endpoint "
            + LocalAws.dynamoDbEndpoint() + ")");
  }

  @Test
  void anUnreachableServiceIsAnIoErrorNamingTheTable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (DynamoDbClient down = DynamoDbClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sweeptest", "topsecret")))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      assertThatThrownBy(() -> DynamoDbLines.scan(down, "lines-down", SKIP, 2, null))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("dynamodb://lines-down: scan failed: ")
          .hasMessageNotContaining("topsecret");
    }
  }

  @Test
  void segmentsAndPageSizeAreChecked() {
    assertThatThrownBy(() -> DynamoDbLines.scan(ddb, "t", SKIP, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DynamoDbLines.scan(ddb, "t", SKIP, 65, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DynamoDbLines.scan(ddb, "t", SKIP, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private void createTable(String table, String hash, String hashType, String range, String rangeType) {
    DynamoTables.create(ddb, table, hash, hashType, range, rangeType);
  }

  private void write(String table, List<Map<String, AttributeValue>> items) {
    DynamoTables.write(ddb, table, items);
  }

  private static Map<String, AttributeValue> good(String receipt, String line) {
    return item(receipt, line, strings(List.of("TOTAL", "12.50")),
        boxes(List.of(List.of(80, 610, 160, 630), List.of(700, 610, 780, 630))), strings(List.of("O", "B-TOTAL")));
  }

  private static Map<String, AttributeValue> item(String receipt, String line, AttributeValue words,
      AttributeValue boxes, AttributeValue labels) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("receipt_id", str(receipt));
    item.put("line_id", str(line));
    item.put("words", words);
    item.put("boxes", boxes);
    item.put("labels", labels);
    return item;
  }

  private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String field,
      AttributeValue value) {
    item.put(field, value);
    return item;
  }

  private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String field) {
    item.remove(field);
    return item;
  }

  private static AttributeValue str(String s) {
    return AttributeValue.fromS(s);
  }

  private static AttributeValue num(String n) {
    return AttributeValue.fromN(n);
  }

  private static AttributeValue strings(List<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  private static AttributeValue boxes(List<List<Integer>> boxes) {
    return AttributeValue.fromL(boxes.stream()
        .map(b -> AttributeValue.fromL(b.stream().map(v -> num(String.valueOf(v))).toList())).toList());
  }
}
