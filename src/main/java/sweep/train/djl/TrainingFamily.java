package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a model family tells the shared {@link EpochLoop}: how examples become a batch, what the model's inputs are,
 * the loss it trains on, how its predictions become the task's metrics, and the files that make a checkpoint of it
 * loadable where it is used (a Hugging Face {@code config.json}, a tokenizer...). Everything else (the optimizer and
 * its groups, schedules, clipping, accumulation, the weight average, checkpoints and their retention, resume, the
 * reports to the orchestrator) is the loop's.
 *
 * @param <E> an example
 * @param <B> a batch: the tensors of some examples
 */
public interface TrainingFamily<E, B> {
  /** The tensors of {@code examples}, in {@code manager}. */
  B batch(List<E> examples, NDManager manager);

  /** The model's inputs for a batch. */
  NDList inputs(B batch);

  /**
   * The model's inputs for a training batch: {@link #inputs} unless the family adds inputs only training has (drawn
   * from the generator {@link #beginEpoch} made, in the order the loop asks).
   */
  default NDList trainingInputs(B batch) {
    return inputs(batch);
  }

  /**
   * Called before each epoch's training passes, the same on a resumed trial as on an uninterrupted one: a family whose
   * training draws random numbers seeds them here from the trial's {@code seed} and the {@code epoch}, so a trial
   * resumed at an epoch draws what the uninterrupted one drew.
   */
  default void beginEpoch(long seed, int epoch) {}

  /** The training loss of a batch: a scalar, differentiable, averaged as the family's reference implementation does. */
  NDArray loss(NDList outputs, B batch);

  /** A fresh evaluator for one pass over the validation examples. */
  Evaluator<E, B> evaluator();

  /**
   * Writes the family's own files of a checkpoint into {@code dir} (the loop writes the weights, optimizer state and
   * training state).
   */
  void writeCheckpointFiles(Path dir) throws IOException;
}
