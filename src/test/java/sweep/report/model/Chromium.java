package sweep.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sweep.util.Json;

/**
 * Headless Chromium (Debian's {@code chromium}) driven through the DevTools protocol over the JDK's WebSocket: one
 * page, every console message, exception, log entry and network request it produces recorded as it happens.
 */
final class Chromium implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();
  private String session;

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts Chromium on a fresh profile in {@code profile} and opens one blank page with every domain enabled. */
  static Chromium start(Path profile, int width, int height) throws Exception {
    Process p = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String url = null;
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (String line; url == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
      said.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
      }
    }
    if (url == null) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not say where DevTools listen:\n" + said);
    }
    Thread drain = new Thread(() -> { // keep reading, so Chromium never blocks on a full pipe
      try {
        err.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // it exited
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    Chromium[] self = new Chromium[1];
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              String message = text.toString();
              text.setLength(0);
              while (self[0] == null) {
                Thread.onSpinWait();
              }
              self[0].received(Json.tree(message));
            }
            webSocket.request(1);
            return null;
          }
        }).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Chromium c = new Chromium(p, ws);
    self[0] = c;
    String target = c.send("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    c.session = c.send("Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId")
        .asText();
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      c.send(domain + ".enable", Map.of());
    }
    return c;
  }

  private void received(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(message.path("id").asLong());
      if (f != null) {
        f.complete(message);
      }
    } else {
      synchronized (events) {
        events.add(message);
        events.notifyAll();
      }
    }
  }

  /** Sends a command (to the page once attached) and returns its result; an error answer throws. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    long id = ids.incrementAndGet();
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("id", id);
    m.put("method", method);
    m.set("params", Json.mapper().valueToTree(params));
    if (session != null) {
      m.put("sessionId", session);
    }
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(Json.write(m), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.path("error"));
    }
    return r.path("result");
  }

  /** Opens {@code url} and waits for its load event; events of earlier pages are forgotten. */
  void open(String url) throws Exception {
    synchronized (events) {
      events.clear();
    }
    send("Page.navigate", Map.of("url", url));
    await(e -> e.path("method").asText().equals("Page.loadEventFired"));
  }

  private void await(Predicate<JsonNode> what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (events) {
      while (events.stream().noneMatch(what)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new IllegalStateException("timed out waiting; events so far: " + events);
        }
        events.wait(left);
      }
    }
  }

  /** The value of a JavaScript expression in the page (returned by value); an exception in it throws. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + r.path("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Every console message of level error or warning, exception and error log entry since the page was opened. */
  List<String> problems() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : recorded()) {
      JsonNode p = e.path("params");
      switch (e.path("method").asText()) {
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
            out.add("console." + type + ": " + p.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          String level = p.path("entry").path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            out.add("log " + level + ": " + p.path("entry").path("text").asText() + " "
                + p.path("entry").path("url").asText());
          }
        }
        default -> { }
      }
    }
    return out;
  }

  /** The URL of every request the page made since it was opened. */
  List<String> requests() {
    return recorded().stream().filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
        .map(e -> e.path("params").path("request").path("url").asText()).toList();
  }

  private List<JsonNode> recorded() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** A PNG of the whole page, beyond the window too. */
  byte[] screenshot() throws Exception {
    JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    return Base64.getDecoder().decode(r.path("data").asText());
  }

  @Override
  public void close() {
    try {
      session = null;
      send("Browser.close", Map.of());
    } catch (Exception ignored) {
      // killed below
    }
    socket.abort();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
