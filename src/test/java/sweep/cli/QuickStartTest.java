package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Main's start-up switches: set when absent, left alone when the user chose otherwise. */
class QuickStartTest {
  private static final List<String> KEYS = List.of("slf4j.provider", "slf4j.internal.verbosity",
      "picocli.disable.closures");
  private final java.util.Map<String, String> saved = new java.util.HashMap<>();

  @BeforeEach
  void save() {
    KEYS.forEach(k -> saved.put(k, System.getProperty(k)));
  }

  @AfterEach
  void restore() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  @Test
  void setsTheSwitchesWhenAbsent() {
    KEYS.forEach(System::clearProperty);
    Main.quickStart();
    assertThat(System.getProperty("slf4j.provider")).isEqualTo("org.slf4j.simple.SimpleServiceProvider");
    assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
    assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("true");
  }

  @Test
  void leavesTheUsersChoiceAlone() {
    System.setProperty("slf4j.provider", "com.example.Provider");
    System.clearProperty("slf4j.internal.verbosity");
    System.setProperty("picocli.disable.closures", "false");
    Main.quickStart();
    assertThat(System.getProperty("slf4j.provider")).isEqualTo("com.example.Provider");
    assertThat(System.getProperty("slf4j.internal.verbosity")).isNull();
    assertThat(System.getProperty("picocli.disable.closures")).isEqualTo("false");
  }

  @Test
  void theLoggingSettingsFileIsOnTheClassPath() {
    assertThat(Main.class.getClassLoader().getResource("simplelogger.properties")).isNotNull();
  }
}
