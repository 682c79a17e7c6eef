package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}: when the norm over all gradients
 * exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / (norm + 1e-6)}, in place, between backward
 * and the optimizer step. (DJL's {@code optClipGrad} clips each value, not the norm.)
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** Clips in place; returns the norm before clipping. */
  public static double clip(List<NDArray> gradients, double maxNorm) {
    double sumSquares = 0;
    for (NDArray g : gradients) {
      try (NDArray sq = g.square(); NDArray sum = sq.sum()) {
        sumSquares += sum.getFloat();
      }
    }
    double norm = Math.sqrt(sumSquares);
    if (maxNorm > 0 && norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (NDArray g : gradients) {
        g.muli(scale);
      }
    }
    return norm;
  }

  /**
   * Clips the gradients of {@code trainable} as they are now (a gradient handle taken before backward would be
   * stale); returns the norm before clipping.
   */
  public static double clipParameters(List<Parameter> trainable, double maxNorm) {
    List<NDArray> grads = new ArrayList<>(trainable.size());
    try {
      for (Parameter p : trainable) {
        grads.add(p.getArray().getGradient());
      }
      return clip(grads, maxNorm);
    } finally {
      grads.forEach(NDArray::close);
    }
  }

  /** Sets the gradients of {@code trainable} to zero, whatever they hold (NaN included). */
  public static void zeroParameters(List<Parameter> trainable) {
    for (Parameter p : trainable) {
      try (NDArray g = p.getArray().getGradient(); NDArray zeros = g.zerosLike()) {
        zeros.copyTo(g);
      }
    }
  }
}
