package sweep.train.layoutlm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import sweep.train.djl.OwnedMemory;

/**
 * Run in its own JVM under {@code MALLOC_PERTURB_} by {@link ScalarLifetimeTest}: computes the gradient of
 * {@code sum(x * s)} twice, once with the scalar as an owned tensor and once as DJL's {@code mul(Number)} does it,
 * with a garbage collection and fresh allocations between forward and backward, and prints both gradients.
 */
public final class ScalarLifetimeCheck {
  private ScalarLifetimeCheck() {}

  public static void main(String[] args) throws Exception {
    System.out.println("owned " + gradient(true));
    System.out.println("number " + gradient(false));
  }

  private static float gradient(boolean owned) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, 2, 3});
      x.setRequiresGradient(true);
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        NDArray y = owned ? x.mul(OwnedMemory.scalar(m, 0.5)) : x.mul(0.5);
        NDArray loss = y.sum();
        for (int i = 0; i < 5; i++) {
          System.gc();
          Thread.sleep(50);
        }
        List<ByteBuffer> churn = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          churn.add(ByteBuffer.allocateDirect(4));
        }
        c.backward(loss);
        churn.clear();
      }
      return x.getGradient().toFloatArray()[0];
    }
  }
}
