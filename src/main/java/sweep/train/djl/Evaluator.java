package sweep.train.djl;

import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Map;

/**
 * Turns a model's predictions on the validation examples into the task's metrics (entity-level F1
 * for token classification, COCO mAP for detection), one pass at a time: {@link #accept} for each batch, then
 * {@link #metrics}. An evaluator reads the outputs it is given and keeps no tensor beyond the call (the batch's
 * memory is freed after it).
 *
 * @param <E> an example
 * @param <B> a batch
 */
public interface Evaluator<E, B> {
  /** Takes one batch: its examples, the batch, and the model's outputs for it. */
  void accept(List<E> examples, B batch, NDList outputs);

  /** The metrics of everything accepted, by name ({@code val_loss}, {@code val_f1}, {@code map}...). */
  Map<String, Double> metrics();

  /** A text report of the pass, written beside each checkpoint; null for none. */
  default String report() {
    return null;
  }
}
