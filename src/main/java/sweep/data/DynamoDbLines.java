package sweep.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import sweep.util.BadInputException;

/**
 * Labeled lines read from a DynamoDB table with a parallel scan, one item per line:
 *
 * <pre>receipt_id  S "r1"   (partition key; N is read as its decimal string)
 * line_id     S "003"  (sort key; N is read as its decimal string)
 * words       L [S "TOTAL", S "12.50"]
 * boxes       L [L [N 80, N 610, N 160, N 630], L [N 700, N 610, N 780, N 630]]
 * labels      L [S "O", S "B-TOTAL"]</pre>
 *
 * <p>Attribute names come from {@link ReadOptions#fields()}; other attributes are ignored. Each item is turned into
 * the JSON object a JSONL row would be (S text, N number, L array, M object, BOOL, NULL, SS and NS arrays; B and BS
 * are not strings, so they are {@code wrong_type} wherever a string is expected) and checked by the same rules as
 * {@link JsonlLines} ({@link JsonlLines.RowParser}), so a table and its JSONL export accept and reject the same rows.
 * A bad item is located as {@code dynamodb://TABLE item receipt_id=R line_id=L} (the mapped names; {@code ?} for a key
 * the item lacks) and goes to {@link ReadOptions#policy()}: {@code FAIL} stops the scan at the first one found,
 * {@code SKIP} counts it.
 *
 * <p>Order: the segments are scanned concurrently, then the lines are sorted by document id, then line id (string
 * order, then the row text for items that share both), and the bad-row examples by location, so the same table gives
 * the same lines, order, {@link DataHash} and report whatever the segment count, page size or timing.
 *
 * <p>Reads are strongly consistent. Throttling and transient failures are retried by the client's retry strategy
 * ({@link sweep.aws.AwsConfig} configures the SDK's standard strategy with backoff and
 * {@value sweep.aws.AwsConfig#MAX_ATTEMPTS} attempts); this class adds no retries of its own.
 */
public final class DynamoDbLines {
  /** Most segments a scan may use. */
  public static final int MAX_SEGMENTS = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Comparator<LabeledLine> ORDER = Comparator.comparing(LabeledLine::documentId)
      .thenComparing(LabeledLine::lineId)
      .thenComparing(l -> JsonlLines.toJson(l, FieldNames.DEFAULT));

  private DynamoDbLines() {}

  /**
   * What a scan read: the valid lines sorted by (document id, line id), the items left out, and the pages and items
   * it read.
   *
   * @param loaded the valid lines, sorted, and the bad items (examples sorted by location)
   * @param pages Scan responses read, over all segments
   * @param items items read, valid or not
   */
  public record Scan(LoadedLines loaded, int pages, long items) {}

  private record Segment(List<LabeledLine> lines, List<BadRow> bad, int pages, long items) {}

  /**
   * The item a line is stored as, with the default attribute names: the schema {@link #scan} reads (for filling a
   * table, e.g. a local stand-in).
   */
  public static Map<String, AttributeValue> toItem(LabeledLine line) {
    List<AttributeValue> boxes = new ArrayList<>();
    for (Box b : line.boxes()) {
      boxes.add(AttributeValue.fromL(java.util.stream.IntStream.of(b.x0(), b.y0(), b.x1(), b.y1())
          .mapToObj(v -> AttributeValue.fromN(Integer.toString(v))).toList()));
    }
    return Map.of(FieldNames.DEFAULT.documentId(), AttributeValue.fromS(line.documentId()),
        FieldNames.DEFAULT.lineId(), AttributeValue.fromS(line.lineId()),
        FieldNames.DEFAULT.words(), AttributeValue.fromL(line.words().stream().map(AttributeValue::fromS).toList()),
        FieldNames.DEFAULT.boxes(), AttributeValue.fromL(boxes),
        FieldNames.DEFAULT.labels(), AttributeValue.fromL(line.labels().stream().map(AttributeValue::fromS).toList()));
  }

  /**
   * Scans a whole table.
   *
   * @param client the client (its retry strategy handles throttling); not closed here
   * @param table the table name
   * @param options attribute names, bad-row policy and label set
   * @param segments parallel scan segments (1..64), each scanned by its own thread, every page followed
   *     ({@code LastEvaluatedKey})
   * @param pageSize items per Scan request, or null for DynamoDB's default (1 MB pages)
   * @throws IllegalArgumentException if segments is outside 1..64 or pageSize is below 1
   * @throws DataException at the first bad item under {@link BadRowPolicy#FAIL} (the message names the item by its
   *     keys, and the field)
   * @throws BadInputException if the table does not exist: {@code dynamodb://TABLE: no such table (region R,
   *     endpoint E)}
   * @throws UncheckedIOException for any other AWS failure after the client's retries, the message naming the table
   */
  public static Scan scan(DynamoDbClient client, String table, ReadOptions options, int segments, Integer pageSize) {
    if (segments < 1 || segments > MAX_SEGMENTS) {
      throw new IllegalArgumentException("segments must be 1.." + MAX_SEGMENTS + ", got " + segments);
    }
    if (pageSize != null && pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(segments, r -> {
      Thread t = new Thread(r, "dynamodb-scan-" + table + "-" + threads.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    try {
      ExecutorCompletionService<Segment> done = new ExecutorCompletionService<>(pool);
      for (int s = 0; s < segments; s++) {
        int segment = s;
        done.submit(() -> scanSegment(client, table, options, segment, segments, pageSize));
      }
      List<LabeledLine> lines = new ArrayList<>();
      List<BadRow> bad = new ArrayList<>();
      int pages = 0;
      long items = 0;
      for (int s = 0; s < segments; s++) {
        Segment result = done.take().get();
        lines.addAll(result.lines());
        bad.addAll(result.bad());
        pages += result.pages();
        items += result.items();
      }
      lines.sort(ORDER);
      bad.sort(Comparator.comparing(BadRow::location).thenComparing(b -> b.violation().message()));
      BadRowCollector collector = new BadRowCollector(options.policy());
      bad.forEach(collector::reject);
      return new Scan(new LoadedLines(lines, collector.badRows()), pages, items);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), client, table);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String message = "dynamodb://" + table + ": scan interrupted";
      throw new UncheckedIOException(message, new InterruptedIOException(message));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Segment scanSegment(DynamoDbClient client, String table, ReadOptions options, int segment,
      int segments, Integer pageSize) {
    FieldNames names = options.fields();
    JsonlLines.RowParser parser = new JsonlLines.RowParser(names, options.validator());
    List<LabeledLine> lines = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    int pages = 0;
    long items = 0;
    Map<String, AttributeValue> start = null;
    do {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancelledScan();
      }
      ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true)
          .segment(segment).totalSegments(segments).exclusiveStartKey(start).limit(pageSize);
      ScanResponse page = client.scan(request.build());
      pages++;
      for (Map<String, AttributeValue> item : page.items()) {
        items++;
        Optional<Violation> unordered = unorderedSet(item, names);
        JsonlLines.RowParser.Result result = unordered.isPresent() ? null : parser.parse(toJson(item, names));
        if (unordered.isPresent()) {
          BadRow row = new BadRow(location(table, item, names), unordered.get());
          if (options.policy() == BadRowPolicy.FAIL) {
            throw new DataException(row);
          }
          bad.add(row);
        } else if (result.violation().isPresent()) {
          BadRow row = new BadRow(location(table, item, names), result.violation().get());
          if (options.policy() == BadRowPolicy.FAIL) {
            throw new DataException(row);
          }
          bad.add(row);
        } else {
          lines.add(result.line());
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return new Segment(lines, bad, pages, items);
  }

  /**
   * A sequence field (words, boxes, labels) stored as a DynamoDB set (SS, NS, BS): a set has no order and no
   * repeats, so the words and their labels could not be paired; the row is {@code wrong_type}.
   */
  static Optional<Violation> unorderedSet(Map<String, AttributeValue> item, FieldNames names) {
    for (String field : List.of(names.words(), names.boxes(), names.labels())) {
      AttributeValue v = item.get(field);
      if (v != null && (v.hasSs() || v.hasNs() || v.hasBs())) {
        String kind = v.hasSs() ? "string set (SS)" : v.hasNs() ? "number set (NS)" : "binary set (BS)";
        return Optional.of(new Violation(BadRowReason.WRONG_TYPE, field, "a " + kind + ", which keeps no order and"
            + " no repeats; store it as a list (L)"));
      }
    }
    return Optional.empty();
  }

  /** The five mapped attributes of an item as a JSON row; keys stored as N become their decimal strings. */
  static ObjectNode toJson(Map<String, AttributeValue> item, FieldNames names) {
    ObjectNode row = NODES.objectNode();
    for (String field : names.all()) {
      AttributeValue value = item.get(field);
      if (value == null) {
        continue;
      }
      boolean key = field.equals(names.documentId()) || field.equals(names.lineId());
      row.set(field, key && value.n() != null ? NODES.textNode(value.n()) : toJson(value));
    }
    return row;
  }

  private static JsonNode toJson(AttributeValue v) {
    if (v.s() != null) {
      return NODES.textNode(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.bool() != null) {
      return NODES.booleanNode(v.bool());
    }
    if (Boolean.TRUE.equals(v.nul())) {
      return NODES.nullNode();
    }
    if (v.b() != null) {
      return NODES.binaryNode(v.b().asByteArray());
    }
    if (v.hasL()) {
      ArrayNode a = NODES.arrayNode();
      v.l().forEach(e -> a.add(toJson(e)));
      return a;
    }
    if (v.hasM()) {
      ObjectNode o = NODES.objectNode();
      v.m().forEach((k, e) -> o.set(k, toJson(e)));
      return o;
    }
    if (v.hasSs()) {
      ArrayNode a = NODES.arrayNode();
      v.ss().forEach(a::add);
      return a;
    }
    if (v.hasNs()) {
      ArrayNode a = NODES.arrayNode();
      v.ns().forEach(n -> a.add(number(n)));
      return a;
    }
    if (v.hasBs()) {
      ArrayNode a = NODES.arrayNode();
      v.bs().forEach(b -> a.add(NODES.binaryNode(b.asByteArray())));
      return a;
    }
    return NODES.nullNode();
  }

  /** An integral number as a long (or a big integer beyond it), anything else as a decimal. */
  private static JsonNode number(String text) {
    BigDecimal d = new BigDecimal(text);
    if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
      BigInteger i = d.toBigIntegerExact();
      return i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
    }
    return NODES.numberNode(d);
  }

  private static String location(String table, Map<String, AttributeValue> item, FieldNames names) {
    return "dynamodb://" + table + " item " + names.documentId() + "=" + keyText(item.get(names.documentId())) + " "
        + names.lineId() + "=" + keyText(item.get(names.lineId()));
  }

  private static String keyText(AttributeValue v) {
    if (v == null) {
      return "?";
    }
    return v.s() != null ? v.s() : v.n() != null ? v.n() : "?";
  }

  private static RuntimeException translate(Throwable cause, DynamoDbClient client, String table) {
    if (cause instanceof DataException e) {
      return e;
    }
    if (cause instanceof ResourceNotFoundException) {
      var config = client.serviceClientConfiguration();
      return new BadInputException("dynamodb://" + table + ": no such table (region " + config.region()
          + config.endpointOverride().map(e -> ", endpoint " + sweep.util.Secrets.endpoint(e.toString())).orElse("")
          + ")");
    }
    if (cause instanceof SdkException e) {
      String message = "dynamodb://" + table + ": scan failed: " + e.getMessage();
      return new UncheckedIOException(message, new IOException(message, e));
    }
    if (cause instanceof RuntimeException e) {
      return e;
    }
    return new IllegalStateException("dynamodb://" + table + ": scan failed", cause);
  }

  /** A segment stopped because the scan was abandoned; never reaches a caller. */
  private static final class CancelledScan extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledScan() {
      super("scan cancelled", null, false, false);
    }
  }
}
