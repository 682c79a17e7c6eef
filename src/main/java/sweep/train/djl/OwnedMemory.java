package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors whose memory PyTorch owns. A scalar: DJL's {@code NDArray.mul(Number)}, {@code div(Number)} and
 * {@code add(Number)} wrap the number in a tensor over a Java direct buffer ({@code from_blob}) and close it at
 * once; on CPU, autograd keeps that tensor for the backward pass (the divisor of a division, the factor of a
 * product), and reads it after Java has freed the buffer. The gradient then depends on whatever the memory holds
 * by then: usually right, sometimes NaN. Every scalar that takes part in a differentiated expression goes through
 * here instead.
 */
public final class OwnedMemory {
  private OwnedMemory() {}

  public static NDArray scalar(NDManager manager, double value) {
    return manager.full(new Shape(), (float) value, DataType.FLOAT32);
  }

  /**
   * A copy of {@code array} on {@code device} in memory PyTorch owns. (DJL's {@code toDevice(device, true)} on the
   * same device returns an alias, and an array made from Java data lives in a direct buffer that Java frees when
   * that array is closed.)
   */
  public static NDArray copy(NDArray array, ai.djl.Device device) {
    return array.getDevice().equals(device) ? array.duplicate() : array.toDevice(device, true);
  }
}
