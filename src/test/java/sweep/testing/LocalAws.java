package sweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts S3Mock and DynamoDB Local once for the whole test run (each its own JVM on a free
 * loopback port) and stops them when the run ends. Tests reach them through {@link #env()}: static test
 * credentials, an explicit region, loopback endpoints and no instance metadata, so nothing leaves the machine.
 */
public final class LocalAws implements BeforeAllCallback {
  public static final String REGION = "us-east-1";
  private static Servers servers;

  private record Servers(LocalServer s3, LocalServer dynamoDb) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      s3.stop();
      dynamoDb.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LocalAws.class) {
      if (servers == null) {
        Path dir = Files.createTempDirectory("sweep-local-aws");
        LocalServer s3 = LocalServer.s3Mock(dir.resolve("s3"));
        LocalServer ddb = LocalServer.dynamoDbLocal(dir);
        Thread starter = new Thread(() -> {
          try {
            ddb.start();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        starter.start();
        s3.start();
        starter.join();
        ddb.start();
        servers = new Servers(s3, ddb);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalAws.class, servers);
      }
    }
  }

  public static String s3Endpoint() {
    return servers.s3().endpoint();
  }

  public static String dynamoDbEndpoint() {
    return servers.dynamoDb().endpoint();
  }

  /** The environment a sweep command (or {@code sweep.aws.AwsConfig}) needs to use the local servers. */
  public static Map<String, String> env() {
    return env(servers.s3().endpoint());
  }

  /** The same, with S3 at another endpoint (e.g. a server a test stops). */
  public static Map<String, String> env(String s3Endpoint) {
    return Map.of("AWS_ACCESS_KEY_ID", "sweeptest", "AWS_SECRET_ACCESS_KEY", "sweeptestsecret",
        "AWS_REGION", REGION, "AWS_EC2_METADATA_DISABLED", "true",
        "AWS_ENDPOINT_URL_S3", s3Endpoint, "AWS_ENDPOINT_URL_DYNAMODB", servers.dynamoDb().endpoint());
  }
}
