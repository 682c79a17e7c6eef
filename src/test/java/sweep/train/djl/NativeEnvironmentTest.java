package sweep.train.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The native libraries' settings reach a child process unless the user set them. */
class NativeEnvironmentTest {
  @Test
  void oneDnnIsHeldToAvx2UnlessTheUserSetIt() {
    assertThat(NativeEnvironment.defaults(Map.of("PATH", "/usr/bin")))
        .containsExactly(Map.entry("ONEDNN_MAX_CPU_ISA", "AVX2"));
    assertThat(NativeEnvironment.defaults(Map.of("ONEDNN_MAX_CPU_ISA", "AVX512_CORE"))).isEmpty();
  }

  @Test
  void theBuildRunsItsTestsWithTheCapSoInProcessGradientsAreRight() {
    assertThat(System.getenv(NativeEnvironment.ONEDNN_ISA)).isEqualTo("AVX2");
  }
}
