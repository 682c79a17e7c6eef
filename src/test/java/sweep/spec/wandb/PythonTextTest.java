package sweep.spec.wandb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Values as Python's str() and json.dumps write them (the expected texts are CPython's). */
class PythonTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1.0e-5, 1e-05", "0.1, 0.1", "100.0, 100.0", "1.0e16, 1e+16", "1.5e-7, 1.5e-07", "0.0001, 0.0001",
      "123456789012345.0, 123456789012345.0", "1.2345678901234567e17, 1.2345678901234566e+17", "-2.5, -2.5",
      "0.30000000000000004, 0.30000000000000004", "3.0e-4, 0.0003", "5.0e-6, 5e-06"})
  void floatsAsPythonReprs(double value, String python) {
    assertThat(PythonText.str(value)).isEqualTo(python);
  }

  @Test
  void otherValues() {
    assertThat(PythonText.str(true)).isEqualTo("True");
    assertThat(PythonText.str(false)).isEqualTo("False");
    assertThat(PythonText.str(null)).isEqualTo("None");
    assertThat(PythonText.str(7L)).isEqualTo("7");
    assertThat(PythonText.str("adam")).isEqualTo("adam");
    assertThat(PythonText.str(List.of(1L, "a", 0.5))).isEqualTo("[1, 'a', 0.5]");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lr", 1.0e-5);
    m.put("aug", true);
    m.put("name", "é\"x");
    m.put("none", null);
    assertThat(PythonText.json(m)).isEqualTo("{\"lr\": 1e-05, \"aug\": true, \"name\": \"\\u00e9\\\"x\", \"none\": null}");
  }
}
