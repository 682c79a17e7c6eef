package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quantized distributions keep every value inside [min, max], on a multiple of q, whatever the draw. */
class ParamSpecTest {

  private static void assertInsideOnMultiples(ParamSpec spec, double min, double max, double q) {
    for (int i = 0; i <= 2000; i++) {
      double u = i / 2000.0;
      double v = ((Number) spec.fromUnit(Math.min(u, Math.nextDown(1.0)))).doubleValue();
      assertThat(v).as("%s at u=%s", spec, u).isBetween(min, max);
      double steps = v / q;
      assertThat(Math.abs(steps - Math.rint(steps))).as("%s at u=%s: %s is a multiple of q", spec, u, v)
          .isLessThan(1e-6);
    }
  }

  @Test
  void quantizedValuesStayInTheirRangeForEveryRangeAndStep() {
    SplittableRandom random = new SplittableRandom(16);
    for (int k = 0; k < 400; k++) {
      double min = random.nextDouble(0.001, 10);
      double width = random.nextDouble(0.001, 10);
      double max = min + width;
      // q up to the whole range: rounding to the nearest multiple can leave [min, max] at either end
      double q = width * random.nextDouble(0.05, 1.0);
      assertInsideOnMultiples(new ParamSpec.QUniform(min, max, q), min, max, q);
      if (Math.rint(min / q) >= 1) {
        assertInsideOnMultiples(new ParamSpec.QLogUniform(min, max, q), min, max, q);
      }
    }
  }

  @Test
  void theRangesThatUsedToEscape() {
    // round(0.0125 / 0.02) * 0.02 = 0.02 > 0.015; round(1.5e-5 / 1e-5) * 1e-5 = 2e-5 > 1.8e-5 or 1e-5 < 1.2e-5
    assertInsideOnMultiples(new ParamSpec.QUniform(0.01, 0.015, 0.005), 0.01, 0.015, 0.005);
    assertInsideOnMultiples(new ParamSpec.QUniform(0.01, 0.03, 0.02), 0.01, 0.03, 0.02);
    assertInsideOnMultiples(new ParamSpec.QLogUniform(1.2e-5, 2.4e-5, 1.0e-5), 1.2e-5, 2.4e-5, 1.0e-5);
  }
}
