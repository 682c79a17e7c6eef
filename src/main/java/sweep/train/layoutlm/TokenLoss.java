package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import sweep.train.djl.OwnedMemory;

/**
 * Token classification loss with the Hugging Face Trainer's label smoothing: per token,
 * {@code (1 - eps) * nll + eps * mean over classes of -log p}, averaged over tokens whose label is not the
 * ignore index (-100). With eps = 0 this is plain cross-entropy with ignore_index. DJL's built-in loss has
 * neither the ignore index nor smoothing.
 */
public final class TokenLoss extends Loss {
  public static final long IGNORE = -100;
  private final double smoothing;

  public TokenLoss(double smoothing) {
    super("token_loss");
    this.smoothing = smoothing;
  }

  /** labels: {@code [labels]}; predictions: {@code [logits]}. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return compute(predictions.singletonOrThrow(), labels.singletonOrThrow(), smoothing);
  }

  /**
   * @param logits [B, T, L]
   * @param labels [B, T] int64, {@link #IGNORE} where no label applies
   */
  public static NDArray compute(NDArray logits, NDArray labels, double smoothing) {
    NDArray logp = logits.logSoftmax(-1);
    NDArray active = labels.neq(IGNORE);
    NDArray safe = labels.mul(active.toType(DataType.INT64, false));
    NDArray nll = logp.gather(safe.expandDims(-1), -1).squeeze(-1).neg();
    NDArray perToken = nll;
    if (smoothing > 0) {
      NDArray smooth = logp.mean(new int[] {-1}).neg();
      perToken = nll.mul(OwnedMemory.scalar(logits.getManager(), 1 - smoothing))
          .add(smooth.mul(OwnedMemory.scalar(logits.getManager(), smoothing)));
    }
    NDArray weights = active.toType(DataType.FLOAT32, false);
    return perToken.mul(weights).sum().div(weights.sum().maximum(1f));
  }
}
