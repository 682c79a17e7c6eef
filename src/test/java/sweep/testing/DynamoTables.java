package sweep.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Tables in DynamoDB Local for the tests: created with a key schema, filled in batches. */
public final class DynamoTables {
  private DynamoTables() {}

  /** The production schema: {@code receipt_id} (S) partition key, {@code line_id} (S) sort key. */
  public static void createReceipts(DynamoDbClient ddb, String table) {
    create(ddb, table, "receipt_id", "S", "line_id", "S");
  }

  /** A table keyed on {@code hash} and, unless null, {@code range}; returns once it exists. */
  public static void create(DynamoDbClient ddb, String table, String hash, String hashType, String range,
      String rangeType) {
    List<KeySchemaElement> keys = new ArrayList<>();
    List<AttributeDefinition> attributes = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build());
    attributes.add(AttributeDefinition.builder().attributeName(hash).attributeType(hashType).build());
    if (range != null) {
      keys.add(KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
      attributes.add(AttributeDefinition.builder().attributeName(range).attributeType(rangeType).build());
    }
    ddb.createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(attributes)
        .billingMode(BillingMode.PAY_PER_REQUEST));
    ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
  }

  /** Batch writes of 25, a few batches at a time, retrying what DynamoDB leaves unprocessed. */
  public static void write(DynamoDbClient ddb, String table, List<Map<String, AttributeValue>> items) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < items.size(); from += 25) {
        List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
            .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
        batches.add(pool.submit(() -> {
          Map<String, List<WriteRequest>> pending = Map.of(table, batch);
          while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = ddb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
          }
        }));
      }
      for (Future<?> f : batches) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot fill " + table, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
