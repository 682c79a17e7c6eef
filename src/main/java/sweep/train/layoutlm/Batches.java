package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Pads a batch of examples to its longest sequence and makes the model's input arrays and the label array. */
final class Batches {
  private Batches() {}

  /** {@code [input_ids, bbox, attention_mask]} and, separately, the labels; all int64. */
  record Batch(NDList inputs, NDArray labels, int length) {}

  static Batch of(List<Features.Example> examples, NDManager manager) {
    int b = examples.size();
    int t = examples.stream().mapToInt(e -> e.ids().length).max().orElse(1);
    long[] ids = new long[b * t];
    long[] boxes = new long[b * t * 4];
    long[] mask = new long[b * t];
    long[] labels = new long[b * t];
    java.util.Arrays.fill(labels, TokenLoss.IGNORE);
    for (int i = 0; i < b; i++) {
      Features.Example e = examples.get(i);
      for (int j = 0; j < e.ids().length; j++) {
        int k = i * t + j;
        ids[k] = e.ids()[j];
        mask[k] = 1;
        labels[k] = e.labels()[j];
        System.arraycopy(e.boxes()[j], 0, boxes, k * 4, 4);
      }
    }
    NDList inputs = new NDList(manager.create(ids, new Shape(b, t)), manager.create(boxes, new Shape(b, t, 4)),
        manager.create(mask, new Shape(b, t)));
    return new Batch(inputs, manager.create(labels, new Shape(b, t)), t);
  }
}
