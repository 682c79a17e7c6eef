package sweep.train.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import sweep.train.djl.Evaluator;
import sweep.train.djl.TrainingFamily;

/** LayoutLM token classification as a family of the shared loop: padded batches, the token loss, seqeval. */
final class TokenClassificationFamily implements TrainingFamily<Features.Example, Batches.Batch> {
  private final LayoutLmConfig config;
  private final double labelSmoothing;
  private final Path tokenizerJson;
  private final int maxSeqLength;

  TokenClassificationFamily(LayoutLmConfig config, double labelSmoothing, Path tokenizerJson, int maxSeqLength) {
    this.config = config;
    this.labelSmoothing = labelSmoothing;
    this.tokenizerJson = tokenizerJson;
    this.maxSeqLength = maxSeqLength;
  }

  @Override
  public Batches.Batch batch(List<Features.Example> examples, NDManager manager) {
    return Batches.of(examples, manager);
  }

  @Override
  public NDList inputs(Batches.Batch batch) {
    return batch.inputs();
  }

  @Override
  public NDArray loss(NDList outputs, Batches.Batch batch) {
    return TokenLoss.compute(outputs.singletonOrThrow(), batch.labels(), labelSmoothing);
  }

  @Override
  public Evaluator<Features.Example, Batches.Batch> evaluator() {
    return new SeqevalEvaluator(config.labels(), labelSmoothing);
  }

  @Override
  public void writeCheckpointFiles(Path dir) throws IOException {
    Checkpoints.files(config, tokenizerJson, maxSeqLength).write(dir);
  }
}
