package sweep.testing;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts S3Proxy ({@link LocalServer#s3Proxy}) once for the whole test run, for the tests
 * that need conditional writes to hold under concurrency, and stops it when the run ends.
 */
public final class LocalS3Proxy implements BeforeAllCallback {
  private static LocalServer server;

  private record Running(LocalServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.stop();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LocalS3Proxy.class) {
      if (server == null) {
        server = LocalServer.s3Proxy(Files.createTempDirectory("sweep-s3proxy"), "sweeptest", "sweeptestsecret")
            .start();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LocalS3Proxy.class, new Running(server));
      }
    }
  }

  /** The environment a sweep command (or {@code sweep.aws.AwsConfig}) needs to use the server. */
  public static Map<String, String> env() {
    return Map.of("AWS_ACCESS_KEY_ID", "sweeptest", "AWS_SECRET_ACCESS_KEY", "sweeptestsecret",
        "AWS_REGION", LocalAws.REGION, "AWS_EC2_METADATA_DISABLED", "true", "AWS_ENDPOINT_URL_S3", server.endpoint());
  }
}
