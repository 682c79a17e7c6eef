package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Reading arrays outside the gradient's graph, with temporaries that a scope owns and closes. */
final class NoGradient {
  private NoGradient() {}

  /**
   * {@code array} detached from the graph, owned by {@code scope}: what is computed from it belongs to {@code scope}
   * too, and nothing of it is recorded for the backward pass.
   */
  static NDArray in(NDManager scope, NDArray array) {
    NDArray detached = array.stopGradient();
    detached.attach(scope);
    return detached;
  }

  /** A scope on the device of {@code array}, below its manager. */
  static NDManager scope(NDArray array) {
    return array.getManager().newSubManager(array.getDevice());
  }
}
