package sweep.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sweep.util.Json;

/** Turns {@link TrialEvent}s into JSON lines and back. Non-finite metric values travel as the strings "NaN" etc. */
public final class EventCodec {
  /** Lenient reader: Python's json.dumps writes NaN and Infinity as bare words. */
  public static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private EventCodec() {}

  public static String encode(TrialEvent e) {
    ObjectNode o = Json.mapper().createObjectNode();
    if (e instanceof TrialEvent.Started s) {
      o.put("event", "started").put("pid", s.pid()).put("java", s.javaVersion()).put("os", s.os())
          .put("data_hash", s.dataHash());
      if (s.threads() != null) {
        o.put("threads", s.threads());
      }
      o.set("libraries", Json.mapper().valueToTree(s.libraries()));
    } else if (e instanceof TrialEvent.Epoch ep) {
      o.put("event", "epoch").put("epoch", ep.epoch());
      if (ep.step() != null) {
        o.put("step", ep.step());
      }
      ObjectNode m = o.putObject("metrics");
      ep.metrics().forEach((k, v) -> {
        if (Double.isFinite(v)) {
          m.put(k, v);
        } else {
          m.put(k, v.toString());
        }
      });
      if (ep.checkpoint() != null) {
        o.put("checkpoint", ep.checkpoint());
      }
    } else if (e instanceof TrialEvent.Checkpoint c) {
      o.put("event", "checkpoint").put("epoch", c.epoch()).put("path", c.path());
    } else if (e instanceof TrialEvent.Heartbeat) {
      o.put("event", "heartbeat");
    } else if (e instanceof TrialEvent.Progress) {
      o.put("event", "progress");
    } else if (e instanceof TrialEvent.Finished f) {
      o.put("event", "finished").put("message", f.message());
    }
    return Json.write(o);
  }

  /** The event on this line, or empty when the line is not one (it then belongs to the trial's log). */
  public static Optional<TrialEvent> decode(String line) {
    if (!line.startsWith("{\"event\"")) {
      return Optional.empty();
    }
    JsonNode o;
    try {
      o = LENIENT.readTree(line);
    } catch (java.io.IOException ex) {
      return Optional.empty();
    }
    String kind = o.path("event").asText();
    return Optional.ofNullable(switch (kind) {
      case "started" -> new TrialEvent.Started(o.path("pid").asLong(), text(o, "java"), text(o, "os"),
          Json.mapper().convertValue(o.path("libraries"), Json.mapper().getTypeFactory()
              .constructMapType(TreeMap.class, String.class, String.class)), text(o, "data_hash"),
          o.path("threads").isIntegralNumber() ? o.path("threads").asInt() : null);
      case "epoch" -> new TrialEvent.Epoch(o.path("epoch").asInt(), metrics(o.path("metrics")),
          text(o, "checkpoint"), o.path("step").isIntegralNumber() ? o.path("step").asLong() : null);
      case "checkpoint" -> new TrialEvent.Checkpoint(o.path("epoch").asInt(), text(o, "path"));
      case "heartbeat" -> new TrialEvent.Heartbeat();
      case "progress" -> new TrialEvent.Progress();
      case "finished" -> new TrialEvent.Finished(text(o, "message"));
      default -> null;
    });
  }

  /** Numeric fields of a JSON object (numbers, or the strings NaN/Infinity/-Infinity) as metric values. */
  public static Map<String, Double> metrics(JsonNode node) {
    Map<String, Double> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (v.isNumber()) {
        out.put(f.getKey(), v.asDouble());
      } else if (v.isTextual() && v.asText().matches("[-+]?(NaN|Infinity|inf|nan)")) {
        String t = v.asText().toLowerCase();
        out.put(f.getKey(), t.contains("nan") ? Double.NaN
            : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      }
    }
    return out;
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static {
    LENIENT.configure(JsonParser.Feature.ALLOW_COMMENTS, false);
  }
}
