package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import sweep.train.djl.OwnedMemory;

/**
 * Guards the reason for {@link OwnedMemory}: with glibc filling freed memory with a pattern, a gradient through
 * DJL's {@code mul(Number)} reads the freed scalar, while one through an owned scalar is exact.
 */
class ScalarLifetimeTest {

  @Test
  void gradientsThroughOwnedMemorysSurviveTheJavaBufferBeingFreed() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ScalarLifetimeCheck.class.getName()));
    pb.environment().put("MALLOC_PERTURB_", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).as(out).contains("owned 0.5");
    // The hazard itself: if this starts to pass as "number 0.5", DJL keeps the buffer alive now and the
    // workaround can go; until then it shows the check really frees the scalar between forward and backward.
    assertThat(out).as(out).doesNotContain("number 0.5");
  }
}
