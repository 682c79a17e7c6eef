package sweep.train.layoutlm;

import static org.assertj.core.api.Assertions.assertThat;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Token classification's loss: the ignore index and the Trainer's label smoothing. */
class TokenLossTest {
  @Test
  void lossIgnoresMinus100AndSmoothsLikeTheTrainer() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {2, 0, 0, 0, 1, 0, 5, 5, 5}, new Shape(1, 3, 3));
      NDArray labels = m.create(new long[] {0, 1, -100}, new Shape(1, 3));
      double p0 = Math.exp(2) / (Math.exp(2) + 2);
      double p1 = Math.exp(1) / (Math.exp(1) + 2);
      double nll = (-Math.log(p0) - Math.log(p1)) / 2;
      assertThat((double) TokenLoss.compute(logits, labels, 0).getFloat()).isCloseTo(nll, Offset.offset(1e-5));
      double smooth0 = -(Math.log(p0) + 2 * Math.log(1 / (Math.exp(2) + 2))) / 3;
      double smooth1 = -(Math.log(p1) + 2 * Math.log(1 / (Math.exp(1) + 2))) / 3;
      double expected = 0.9 * nll + 0.1 * (smooth0 + smooth1) / 2;
      assertThat((double) TokenLoss.compute(logits, labels, 0.1).getFloat()).isCloseTo(expected, Offset.offset(1e-5));
    }
  }
}
