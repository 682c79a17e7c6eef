import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import sweep.aws.AwsConfig;
import sweep.data.DynamoDbLines;
import sweep.data.LabeledLine;
import sweep.data.SyntheticReceipts;

/**
 * Fills a DynamoDB table with synthetic receipt lines in the production schema, for trying the production path
 * against a local server:   java -cp 'target/current/sweep.jar:target/current/lib/*' scripts/local/LoadReceipts.java
 * TABLE RECEIPTS SEED   (AWS settings from the environment, as sweep reads them).
 */
public class LoadReceipts {
  public static void main(String[] args) {
    String table = args[0];
    int receipts = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    try (DynamoDbClient ddb = new AwsConfig(System.getenv()).dynamoDb()) {
      try {
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(a -> a.attributeName("receipt_id").attributeType(ScalarAttributeType.S),
                a -> a.attributeName("line_id").attributeType(ScalarAttributeType.S))
            .keySchema(k -> k.attributeName("receipt_id").keyType(KeyType.HASH),
                k -> k.attributeName("line_id").keyType(KeyType.RANGE)));
      } catch (ResourceInUseException exists) {
        System.err.println("table " + table + " exists; adding to it");
      }
      List<LabeledLine> lines = SyntheticReceipts.generate(seed, receipts);
      List<WriteRequest> batch = new ArrayList<>();
      for (LabeledLine l : lines) {
        batch.add(WriteRequest.builder().putRequest(p -> p.item(DynamoDbLines.toItem(l))).build());
        if (batch.size() == 25) {
          write(ddb, table, batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        write(ddb, table, batch);
      }
      System.err.println("wrote " + lines.size() + " lines of " + receipts + " receipts to " + table);
    }
  }

  static void write(DynamoDbClient ddb, String table, List<WriteRequest> batch) {
    Map<String, List<WriteRequest>> pending = Map.of(table, batch);
    while (!pending.isEmpty()) {
      Map<String, List<WriteRequest>> request = pending;
      pending = ddb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
    }
  }
}
