package sweep.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import sweep.data.Box;
import sweep.data.LabeledLine;

/** Receipt-line tables in DynamoDB Local, written the way production writes them. */
final class ReceiptTables {
  private ReceiptTables() {}

  static void create(DynamoDbClient ddb, String table) {
    ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("receipt_id").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("line_id").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("receipt_id").keyType(KeyType.HASH),
            k -> k.attributeName("line_id").keyType(KeyType.RANGE)));
  }

  static Map<String, AttributeValue> item(LabeledLine line) {
    List<AttributeValue> boxes = new ArrayList<>();
    for (Box b : line.boxes()) {
      boxes.add(AttributeValue.fromL(List.of(n(b.x0()), n(b.y0()), n(b.x1()), n(b.y1()))));
    }
    return Map.of("receipt_id", AttributeValue.fromS(line.documentId()), "line_id",
        AttributeValue.fromS(line.lineId()), "words", strings(line.words()), "boxes", AttributeValue.fromL(boxes),
        "labels", strings(line.labels()));
  }

  private static AttributeValue n(int v) {
    return AttributeValue.fromN(Integer.toString(v));
  }

  private static AttributeValue strings(List<String> s) {
    return AttributeValue.fromL(s.stream().map(AttributeValue::fromS).toList());
  }

  static void write(DynamoDbClient ddb, String table, List<Map<String, AttributeValue>> items) {
    for (int i = 0; i < items.size(); i += 25) {
      List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
          .map(it -> WriteRequest.builder().putRequest(p -> p.item(it)).build()).toList();
      Map<String, List<WriteRequest>> pending = Map.of(table, batch);
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> request = pending;
        pending = ddb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
      }
    }
  }
}
