package sweep.train.detr;

import ai.djl.ndarray.NDArray;

/**
 * The model's tensors by Hugging Face name, as a forward pass reads them: a block's parameters in training, a plain
 * map in a test. Implementations throw {@link IllegalArgumentException} naming a tensor they do not have.
 */
@FunctionalInterface
public interface Weights {
  NDArray get(String name);
}
