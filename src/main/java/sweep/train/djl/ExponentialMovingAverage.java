package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's weights, as RF-DETR's {@code ModelEma} keeps it (roboflow/rf-detr
 * {@code rfdetr/util/utils.py}, class {@code ModelEma}): a shadow copy of every weight, and after each optimizer step
 * {@code shadow = d * shadow + (1 - d) * weight} with {@code d = decay * (1 - exp(-updates / tau))} ({@code d = decay}
 * when {@code tau} is 0), the update counter starting at 1 and counting up after each update. The shadow weights and
 * the counter are saved with a checkpoint ({@link #state}, {@link #updates}) and restored with it, so a resumed trial
 * averages as the uninterrupted one would; when the average is on, it is what is evaluated and published.
 *
 * <p>The shadow lives in memory PyTorch owns, in {@code manager}; DJL has no EMA utility of its own.
 */
public final class ExponentialMovingAverage {
  private final double decay;
  private final double tau;
  private final NDManager manager;
  private final Map<String, NDArray> shadow = new LinkedHashMap<>();
  private long updates = 1;

  /**
   * @param weights the weights to average, by name; the shadow starts as a copy of them
   */
  public ExponentialMovingAverage(double decay, double tau, Map<String, NDArray> weights, NDManager manager) {
    if (!(decay >= 0 && decay <= 1) || !(tau >= 0)) {
      throw new IllegalArgumentException("decay must be in [0, 1] and tau at least 0, got " + decay + ", " + tau);
    }
    this.decay = decay;
    this.tau = tau;
    this.manager = manager;
    weights.forEach((k, v) -> shadow.put(k, own(v)));
  }

  private NDArray own(NDArray v) {
    NDArray copy = OwnedMemory.copy(v, v.getDevice());
    copy.attach(manager);
    return copy;
  }

  /** The decay the next update applies. */
  public double nextDecay() {
    return tau == 0 ? decay : decay * (1 - Math.exp(-updates / tau));
  }

  /** Folds the current weights into the average (after an optimizer step). */
  public void update(Map<String, NDArray> weights) {
    double d = nextDecay();
    for (Map.Entry<String, NDArray> e : shadow.entrySet()) {
      NDArray w = weights.get(e.getKey());
      if (w == null) {
        throw new IllegalArgumentException("no weight " + e.getKey() + " to average");
      }
      NDArray s = e.getValue();
      try (NDManager step = manager.newSubManager()) {
        NDArray part = w.mul(OwnedMemory.scalar(step, 1 - d));
        part.attach(step);
        s.muli(OwnedMemory.scalar(step, d)).addi(part);
      }
    }
    updates++;
  }

  /** The counter as RF-DETR keeps it: 1 before the first update. */
  public long updates() {
    return updates;
  }

  /** The averaged weights by name (the arrays themselves). */
  public Map<String, NDArray> state() {
    return shadow;
  }

  /** Restores the average and its counter from a checkpoint; arrays are copied. */
  public void restore(Map<String, NDArray> saved, long savedUpdates) {
    for (Map.Entry<String, NDArray> e : saved.entrySet()) {
      NDArray old = shadow.put(e.getKey(), own(e.getValue()));
      if (old == null) {
        shadow.remove(e.getKey());
        throw new IllegalArgumentException("saved average for unknown weight " + e.getKey());
      }
      old.close();
    }
    this.updates = savedUpdates;
  }
}
