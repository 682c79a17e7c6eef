package sweep.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A production pointer ({@code production/CURRENT.json}, or one generation of {@code production/history/}), read and
 * checked. A pointer is whole when it is a JSON object with a {@code metric}, a finite numeric {@code value}, a
 * {@code version}, and a version manifest that is in the store; anything else is broken, and says why.
 *
 * @param json the pointer as written, or null when it is broken
 * @param broken why it is broken (one phrase), or null when it is whole
 */
record ProductionPointer(JsonNode json, String broken) {

  static ProductionPointer read(byte[] raw, ArtifactStore store) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return broken("it is empty");
    }
    JsonNode n;
    try {
      n = sweep.util.Json.mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return broken("it is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (n == null || !n.isObject()) {
      return broken("it is " + (n == null || n.isNull() ? "null" : n.isArray() ? "a list" : "a " + n.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT)) + ", not an object");
    }
    if (!n.path("metric").isTextual() || n.path("metric").asText().isBlank()) {
      return broken("it names no metric");
    }
    JsonNode value = n.path("value");
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      return broken("its value is " + (value.isMissingNode() ? "missing" : "not a finite number (" + value + ")"));
    }
    if (!n.path("version").isTextual() || n.path("version").asText().isBlank()) {
      return broken("it names no version");
    }
    String manifest = manifestKey(n);
    try {
      ArtifactStore.checkKey(manifest);
    } catch (IllegalArgumentException e) {
      return broken("its manifest '" + manifest + "' is not a key of the store");
    }
    if (store.read(manifest).isEmpty()) {
      return broken("the version it names, " + n.path("version").asText() + ", is gone (no " + manifest + ")");
    }
    return new ProductionPointer(n, null);
  }

  private static ProductionPointer broken(String why) {
    return new ProductionPointer(null, why);
  }

  /** The version's manifest: the pointer's {@code manifest}, else where promotion writes it. */
  static String manifestKey(JsonNode pointer) {
    return pointer.path("manifest").isTextual() ? pointer.path("manifest").asText()
        : "production/versions/" + pointer.path("version").asText() + "/" + Manifest.NAME;
  }

  boolean whole() {
    return broken == null;
  }

  String metric() {
    return json.path("metric").asText();
  }

  double value() {
    return json.path("value").asDouble();
  }

  /** How its metric was measured; unknown for a pointer written before definitions were recorded. */
  sweep.spec.MetricDefinition definition() {
    return sweep.spec.MetricDefinition.fromJson(json.get("metric_definition"));
  }
}
