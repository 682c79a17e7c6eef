package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** {@link BoxOps} on boxes whose IoU and generalized IoU are known by hand. */
class BoxOpsTest {
  @Test
  void centresBecomeCorners() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray corners = BoxOps.centerToCorners(m.create(new float[] {0.5f, 0.4f, 0.2f, 0.6f}, new Shape(1, 4)));
      assertThat(corners.toFloatArray()).containsExactly(new float[] {0.4f, 0.1f, 0.6f, 0.7f}, within(1e-6f));
    }
  }

  @Test
  void generalizedIouOfKnownPairs() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0, 0, 2, 2, 0, 0, 1, 1, 0, 0, 2, 2}, new Shape(3, 4));
      // the same box; one 1 unit to the right of a unit box (enclosing 3, union 2); a quarter inside
      NDArray b = m.create(new float[] {0, 0, 2, 2, 2, 0, 3, 1, 1, 1, 2, 2}, new Shape(3, 4));
      assertThat(BoxOps.generalizedIou(a, b).toFloatArray())
          .containsExactly(new float[] {1, -1f / 3, 0.25f}, within(1e-6f));
      NDArray pairwise = BoxOps.pairwiseGeneralizedIou(a, b);
      assertThat(pairwise.getShape()).isEqualTo(new Shape(3, 3));
      float[] all = pairwise.toFloatArray();
      float[] diagonal = {all[0], all[4], all[8]};
      assertThat(diagonal).containsExactly(new float[] {1, -1f / 3, 0.25f}, within(1e-6f));
      // a unit box against [2, 0, 3, 1]: the same as the second pair
      assertThat(all[1 * 3 + 1]).isCloseTo(-1f / 3, within(1e-6f));
    }
  }

  @Test
  void rejectsBoxesWithNegativeSize() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray good = m.create(new float[] {0, 0, 1, 1}, new Shape(1, 4));
      NDArray flipped = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 4));
      assertThatThrownBy(() -> BoxOps.generalizedIou(good, flipped)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("corner boxes");
    }
  }
}
