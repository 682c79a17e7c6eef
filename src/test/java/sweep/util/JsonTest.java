package sweep.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The streaming paths of {@link Json} write and read exactly what the mapper does. */
class JsonTest {
  private enum Colour { RED }

  private static Map<String, Object> sample() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1.0e-4);
    inner.put("a", List.of(1, 2L, "three", true));
    inner.put("empty", Map.of());
    inner.put("none", List.of());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "a \"quoted\"\nline \u00e9");
    m.put("count", 3);
    m.put("big", Long.MAX_VALUE);
    m.put("nan", Double.NaN);
    m.put("inf", Double.NEGATIVE_INFINITY);
    m.put("whole", 2.0);
    m.put("float", 0.1f);
    m.put("short", (short) 7);
    m.put("flag", false);
    m.put("missing", null);
    m.put("colour", Colour.RED);
    m.put("inner", inner);
    m.put("list", Arrays.asList(null, Map.of("k", 1)));
    return m;
  }

  @Test
  void writesWhatTheMapperWritesCompactAndPretty() throws Exception {
    Map<String, Object> m = sample();
    assertEquals(Json.mapper().writeValueAsString(m), Json.write(m));
    assertEquals(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m), Json.pretty(m));
    assertEquals("{\"a\":1,\"b\":2}", Json.write(new LinkedHashMap<>(Map.of("b", 2, "a", 1))), "keys sorted");
  }

  @Test
  void valuesTheStreamingPathDoesNotCoverGoToTheMapper() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", new java.math.BigDecimal("1.50"));
    assertEquals("{\"n\":1.50}", Json.write(m));
    assertThrows(UncheckedIOException.class, () -> Json.write(Map.of("at", Instant.EPOCH)),
        "the mapper's own refusal, as before");
  }

  @Test
  void readsParametersAsTheMapperDoes() throws Exception {
    String text = "{\"lr\": 1e-4, \"batch\": 16, \"name\": \"x\", \"on\": true, \"off\": null, \"w\": 0.5}";
    Map<String, Object> p = Json.params(text);
    assertEquals(List.of("batch", "lr", "name", "off", "on", "w"), List.copyOf(p.keySet()));
    assertInstanceOf(Long.class, p.get("batch"));
    assertInstanceOf(Double.class, p.get("lr"));
    Map<String, Object> viaMapper = new TreeMap<>(Json.mapper().readValue(text,
        new TypeReference<LinkedHashMap<String, Object>>() {}));
    assertEquals(viaMapper, p);
    assertEquals(Map.of("n", List.of(1L, 2L)), Json.params("{\"n\": [1, 2]}"), "nested values: the mapper reads them");
    assertThrows(UncheckedIOException.class, () -> Json.params("{\"n\": 123456789012345678901234567890}"),
        "beyond a long: the mapper's refusal, as before");
    assertThrows(UncheckedIOException.class, () -> Json.params("{\"n\": "));
    assertThrows(UncheckedIOException.class, () -> Json.params("[1]"));
  }

  @Test
  void readsStringMapsAsTheMapperDoes() {
    assertEquals(Map.of("djl", "0.34.0", "java", "17"), Json.strings("{\"java\": \"17\", \"djl\": \"0.34.0\"}"));
    assertEquals(Map.of("n", "3"), Json.strings("{\"n\": 3}"), "a number becomes its text, as the mapper coerces it");
    assertThrows(UncheckedIOException.class, () -> Json.strings("{"));
  }
}
