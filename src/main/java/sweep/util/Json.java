package sweep.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON for the project: one configured Jackson mapper, and the conversions the read commands need done with
 * jackson-core's streaming parser and generator alone. Building the mapper costs a command tens of milliseconds,
 * more than the rest of {@code sweep best}'s work, so it is made on first use of {@link #mapper()}, and
 * {@link #write}, {@link #pretty}, {@link #params} and {@link #strings} reach for it only for values the streaming
 * path does not cover; both paths write the same text (map keys sorted, the default pretty printer). Parameter maps
 * use Long, Double, Boolean, String.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The mapper: map entries ordered by key, whole numbers read as Long. */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper()
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .configure(DeserializationFeature.USE_LONG_FOR_INTS, true);
  }

  public static String write(Object value) {
    return plain(value) ? stream(value, false) : viaMapper(value, false);
  }

  public static String pretty(Object value) {
    return plain(value) ? stream(value, true) : viaMapper(value, true);
  }

  public static JsonNode tree(String text) {
    try {
      return mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object of scalars as a sorted parameter map (whole numbers as Long, others as Double). */
  public static Map<String, Object> params(String text) {
    Map<String, Object> flat = flatObject(text, false);
    if (flat != null) {
      return flat;
    }
    try {
      Map<String, Object> raw = mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      Map<String, Object> out = new TreeMap<>();
      raw.forEach((k, v) -> out.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
      return out;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> strings(String text) {
    Map<String, Object> flat = flatObject(text, true);
    if (flat != null) {
      Map<String, String> out = new TreeMap<>();
      flat.forEach((k, v) -> out.put(k, (String) v));
      return out;
    }
    try {
      return mapper().readValue(text, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An object of scalars (only strings and nulls when {@code stringsOnly}) read by the streaming parser, as a
   * sorted map; null when the text is anything else, for the mapper to read (or to reject with its own message).
   */
  private static Map<String, Object> flatObject(String text, boolean stringsOnly) {
    if (text == null) {
      return null;
    }
    Map<String, Object> out = new TreeMap<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return null;
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        Object value;
        if (v == JsonToken.VALUE_STRING) {
          value = p.getText();
        } else if (v == JsonToken.VALUE_NULL) {
          value = null;
        } else if (stringsOnly) {
          return null;
        } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          value = p.getLongValue();
        } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
          value = p.getDoubleValue();
        } else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
          value = p.getBooleanValue();
        } else {
          return null;
        }
        out.put(name, value);
      }
      return p.nextToken() == null ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether the streaming writer covers the value: null, strings, booleans, numbers, enums, string-keyed maps and collections of those. */
  private static boolean plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Enum<?>
        || value instanceof Long || value instanceof Integer || value instanceof Double || value instanceof Float
        || value instanceof Short || value instanceof Byte) {
      return true;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof Collection<?> c) {
      for (Object o : c) {
        if (!plain(o)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static String stream(Object value, boolean pretty) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      writeValue(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Enum<?> e) {
      g.writeString(e.name());
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Float f) {
      g.writeNumber(f);
    } else if (value instanceof Number n) {
      g.writeNumber(n.intValue());
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        g.writeFieldName((String) e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeStartArray();
      for (Object o : (Collection<?>) value) {
        writeValue(g, o);
      }
      g.writeEndArray();
    }
  }

  private static String viaMapper(Object value, boolean pretty) {
    try {
      return pretty ? mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value)
          : mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A parameter value as text for a command line: whole numbers without ".0", others as Java prints them. */
  public static String text(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Double.toString(d);
    }
    return String.valueOf(value);
  }
}
