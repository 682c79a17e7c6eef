package sweep.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One configured Jackson mapper and the few conversions the project needs. Parameter maps use Long, Double, Boolean, String. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.USE_LONG_FOR_INTS, true);

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String pretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object of scalars as a sorted parameter map (whole numbers as Long, others as Double). */
  public static Map<String, Object> params(String text) {
    try {
      Map<String, Object> raw = MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      Map<String, Object> out = new TreeMap<>();
      raw.forEach((k, v) -> out.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
      return out;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> strings(String text) {
    try {
      return MAPPER.readValue(text, new TypeReference<TreeMap<String, String>>() {});
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
