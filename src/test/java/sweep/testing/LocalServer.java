package sweep.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server the tests talk to, run as its own JVM on a free loopback port: started, waited for (it answers HTTP),
 * stopped, and restarted on the same port. Its output goes to a log file next to its data.
 */
public final class LocalServer implements AutoCloseable {
  private static final Path SERVERS = Path.of(System.getProperty("sweep.test.servers", "target/test-servers"));

  private final String name;
  private final List<String> command;
  private final int port;
  private final Path log;
  private Process process;

  private LocalServer(String name, List<String> command, int port, Path log) {
    this.name = name;
    this.command = command;
    this.port = port;
    this.log = log;
  }

  /** Adobe S3Mock keeping its objects under {@code root} (kept across restarts). */
  public static LocalServer s3Mock(Path root) throws IOException {
    int port = freePort();
    Files.createDirectories(root);
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:+UseSerialGC", "-jar",
        required(SERVERS.resolve("s3mock.jar")).toString(), "--server.port=0", "--server.address=127.0.0.1",
        "--http.port=" + port, "--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath(),
        "--com.adobe.testing.s3mock.store.retain-files-on-exit=true", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN"));
    return new LocalServer("S3Mock", cmd, port, root.resolveSibling(root.getFileName() + ".log"));
  }

  /**
   * S3Proxy over an in-memory ("transient") store, checking signatures with the test credentials: the S3 server
   * here whose conditional writes hold under concurrency ({@code If-None-Match: *} answers exactly one of two racing
   * writes with 412; S3Mock 5.2.0 lets both through in about a third of races).
   */
  public static LocalServer s3Proxy(Path dir, String identity, String credential) throws IOException {
    int port = freePort();
    Files.createDirectories(dir);
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + identity, "s3proxy.credential=" + credential,
        "jclouds.provider=transient", "jclouds.identity=" + identity, "jclouds.credential=" + credential, ""));
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
        + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>\n");
    String classpath = Files.readString(required(SERVERS.resolve("s3proxy.classpath"))).trim();
    List<String> cmd = List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback,
        "-cp", classpath, "org.gaul.s3proxy.Main", "--properties", conf.toString());
    return new LocalServer("S3Proxy", cmd, port, dir.resolve("s3proxy.log"));
  }

  /** DynamoDB Local, in memory, one database for every credential. */
  public static LocalServer dynamoDbLocal(Path logDir) throws IOException {
    int port = freePort();
    String classpath = Files.readString(required(SERVERS.resolve("dynamodb-local.classpath"))).trim();
    List<String> cmd = List.of(java(), "-Xmx512m", "-XX:+UseSerialGC",
        "-Djava.library.path=" + required(SERVERS.resolve("native")).toAbsolutePath(), "-cp", classpath,
        "com.amazonaws.services.dynamodbv2.local.main.ServerRunner", "-inMemory", "-sharedDb", "-port",
        String.valueOf(port));
    Files.createDirectories(logDir);
    return new LocalServer("DynamoDB Local", cmd, port, logDir.resolve("dynamodb-local.log"));
  }

  private static Path required(Path p) {
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " is missing: run the tests through Maven (mvn test), which puts the"
          + " local AWS servers there");
    }
    return p;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public synchronized LocalServer start() throws IOException {
    if (process != null && process.isAlive()) {
      return this;
    }
    process = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ProcessHandle handle = process.toHandle();
    // a test JVM that ends without closing the extension's resources must not leave the server running
    Runtime.getRuntime().addShutdownHook(new Thread(handle::destroyForcibly, name + " stop"));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + " at start; see " + log);
      }
      if (answers()) {
        return this;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + name);
      }
    }
    stop();
    throw new IOException(name + " did not answer on " + endpoint() + " within 90 s; see " + log);
  }

  private boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      c.getResponseCode();
      c.disconnect();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills the server and waits for it to be gone. */
  public synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
