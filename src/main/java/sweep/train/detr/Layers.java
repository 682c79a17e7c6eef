package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import sweep.train.djl.OwnedMemory;

/**
 * PyTorch's layers as Hugging Face's Deformable DETR uses them, reading their weights by name under a prefix. Scalars
 * in differentiated expressions go through {@link OwnedMemory#scalar} (DJL's {@code mul(Number)} and the like leave
 * autograd a tensor Java frees).
 */
final class Layers {
  private Layers() {}

  /** {@code nn.Linear}: {@code x W^T + b}. */
  static NDArray linear(Weights w, String prefix, NDArray x) {
    return Linear.linear(x, w.get(prefix + "weight"), w.get(prefix + "bias")).singletonOrThrow();
  }

  /** {@code nn.Conv2d} (square kernel), with its bias where the layer has one. */
  static NDArray conv(Weights w, String prefix, NDArray x, int stride, int padding, boolean bias) {
    return Conv2d.conv2d(x, w.get(prefix + "weight"), bias ? w.get(prefix + "bias") : null,
        new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
  }

  /**
   * {@code DeformableDetrFrozenBatchNorm2d}: {@code x * scale + (bias - mean * scale)} with
   * {@code scale = weight / sqrt(var + 1e-5)}, the statistics and affine terms fixed.
   */
  static NDArray frozenBatchNorm(Weights w, String prefix, NDArray x) {
    NDArray eps = OwnedMemory.scalar(x.getManager(), 1e-5);
    NDArray scale = w.get(prefix + "weight").div(w.get(prefix + "running_var").add(eps).sqrt());
    NDArray shift = w.get(prefix + "bias").sub(w.get(prefix + "running_mean").mul(scale));
    long c = scale.getShape().get(0);
    return x.mul(scale.reshape(1, c, 1, 1)).add(shift.reshape(1, c, 1, 1));
  }

  /** {@code nn.GroupNorm(groups, C)} with eps 1e-5: biased variance over each group's channels and pixels. */
  static NDArray groupNorm(Weights w, String prefix, NDArray x, int groups) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    NDArray g = x.reshape(b, groups, -1);
    NDArray mean = g.mean(new int[] {2}, true);
    NDArray centred = g.sub(mean);
    NDArray var = centred.square().mean(new int[] {2}, true);
    NDArray normed = centred.div(var.add(OwnedMemory.scalar(x.getManager(), 1e-5)).sqrt()).reshape(s);
    return normed.mul(w.get(prefix + "weight").reshape(1, c, 1, 1)).add(w.get(prefix + "bias").reshape(1, c, 1, 1));
  }

  /** {@code nn.LayerNorm} over the last axis, eps 1e-5. */
  static NDArray layerNorm(Weights w, String prefix, NDArray x) {
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return LayerNorm.layerNorm(x, last, w.get(prefix + "weight"), w.get(prefix + "bias"), 1e-5f).singletonOrThrow();
  }

  /** {@code DeformableDetrMLPPredictionHead} with three layers: linear, ReLU, linear, ReLU, linear. */
  static NDArray mlp(Weights w, String prefix, NDArray x) {
    NDArray h = Activation.relu(linear(w, prefix + "layers.0.", x));
    h = Activation.relu(linear(w, prefix + "layers.1.", h));
    return linear(w, prefix + "layers.2.", h);
  }

  /** Hugging Face's {@code inverse_sigmoid}: {@code log(x / (1 - x))} with both clamped below at 1e-5. */
  static NDArray inverseSigmoid(NDArray x) {
    NDArray clamped = x.clip(0f, 1f);
    NDArray one = OwnedMemory.scalar(x.getManager(), 1.0).toType(x.getDataType(), false);
    return clamped.clip(1e-5f, Float.MAX_VALUE).div(one.sub(clamped).clip(1e-5f, Float.MAX_VALUE)).log();
  }

  /** {@code nn.functional.dropout} in training, nothing otherwise. */
  static NDArray dropout(NDArray x, double rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, (float) rate, true).singletonOrThrow() : x;
  }
}
