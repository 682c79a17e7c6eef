package sweep.train.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weight average against RF-DETR's ModelEma arithmetic, and a restore that continues it exactly. */
class ExponentialMovingAverageTest {
  @Test
  void followsModelEmaAndARestoredAverageContinuesTheSame() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, 2f});
      ExponentialMovingAverage ema = new ExponentialMovingAverage(0.9, 2.0, Map.of("w", w), m);
      // by hand, as ModelEma: updates starts at 1; d = 0.9 * (1 - exp(-updates / 2)); e = d * e + (1 - d) * w
      double e0 = 1;
      double e1 = 2;
      double[] values = {3, 5, 4};
      for (int step = 0; step < values.length; step++) {
        double d = 0.9 * (1 - Math.exp(-(step + 1) / 2.0));
        assertThat(ema.nextDecay()).isCloseTo(d, within(1e-12));
        w.set(new float[] {(float) values[step], (float) (2 * values[step])});
        ema.update(Map.of("w", w));
        e0 = d * e0 + (1 - d) * values[step];
        e1 = d * e1 + (1 - d) * 2 * values[step];
        float[] got = ema.state().get("w").toFloatArray();
        assertThat((double) got[0]).isCloseTo(e0, within(1e-5));
        assertThat((double) got[1]).isCloseTo(e1, within(1e-5));
      }
      assertThat(ema.updates()).isEqualTo(4);

      ExponentialMovingAverage resumed = new ExponentialMovingAverage(0.9, 2.0, Map.of("w", w), m);
      resumed.restore(Map.of("w", ema.state().get("w")), ema.updates());
      w.set(new float[] {7f, 14f});
      ema.update(Map.of("w", w));
      resumed.update(Map.of("w", w));
      assertThat(resumed.state().get("w").toFloatArray()).containsExactly(ema.state().get("w").toFloatArray());
      assertThat(resumed.updates()).isEqualTo(ema.updates());
    }
  }
}
