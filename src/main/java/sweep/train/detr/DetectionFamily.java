package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import sweep.metrics.coco.GroundTruth;
import sweep.train.djl.Evaluator;
import sweep.train.djl.TrainingFamily;
import sweep.util.Json;

/**
 * Deformable DETR as a family of the shared loop: pages prepared once ({@link PreparedImage}) and padded into
 * batches, the Hungarian loss (with the auxiliary layers' when {@code auxiliary_loss}), COCO evaluation, and a
 * checkpoint's {@code config.json} and {@code preprocessor_config.json} in Hugging Face's layout.
 *
 * <p>With {@link Denoising} on, every training batch that has objects also gets denoising queries
 * ({@link DenoisingQueries#draw}), their noise drawn from a generator seeded by the trial's seed and the epoch at the
 * start of each epoch, so a resumed trial draws what the uninterrupted one drew; their terms join the loss
 * ({@link DetrLoss}). Evaluation has none.
 */
final class DetectionFamily implements TrainingFamily<PreparedImage, DetrBatch> {
  static final String REPORT = "coco_eval.txt";
  private final DeformableDetrConfig config;
  private final ImageSizing sizing;
  private final DetrLoss loss;
  private final GroundTruth valTruth;
  private final CategoryIndex categories;
  private final Denoising denoising;
  private SplittableRandom noise;

  DetectionFamily(DeformableDetrConfig config, ImageSizing sizing, GroundTruth valTruth, CategoryIndex categories) {
    this(config, sizing, valTruth, categories, Denoising.off());
  }

  DetectionFamily(DeformableDetrConfig config, ImageSizing sizing, GroundTruth valTruth, CategoryIndex categories,
      Denoising denoising) {
    this.denoising = denoising;
    this.config = config;
    this.sizing = sizing;
    this.loss = new DetrLoss(LossCoefficients.defaults());
    this.valTruth = valTruth;
    this.categories = categories;
  }

  @Override
  public DetrBatch batch(List<PreparedImage> examples, NDManager manager) {
    return DetrBatch.collate(manager, examples);
  }

  @Override
  public NDList inputs(DetrBatch batch) {
    return new NDList(batch.pixelValues(), batch.pixelMask());
  }

  @Override
  public void beginEpoch(long seed, int epoch) {
    // a stream of its own: not the data order's (seed * 31 + epoch) nor dropout's
    noise = new SplittableRandom((seed * 1_000_003L + epoch) ^ 0x64656e6f697365L);
  }

  @Override
  public NDList trainingInputs(DetrBatch batch) {
    NDList inputs = inputs(batch);
    if (!denoising.enabled()) {
      return inputs;
    }
    if (noise == null) {
      throw new IllegalStateException("beginEpoch was not called before a training batch");
    }
    DenoisingQueries queries = DenoisingQueries.draw(batch.targets(), denoising, config.numLabels(), noise);
    if (queries != null) {
      inputs.addAll(queries.arrays(batch.pixelValues().getManager()));
    }
    return inputs;
  }

  @Override
  public NDArray loss(NDList outputs, DetrBatch batch) {
    List<Predictions> layers = DeformableDetrModel.predictions(outputs);
    List<Predictions> noised = DeformableDetrModel.denoisingPredictions(outputs);
    if (!config.auxiliaryLoss() && !noised.isEmpty()) {
      noised = noised.subList(noised.size() - 1, noised.size());
    }
    return loss.compute(layers.get(layers.size() - 1),
        config.auxiliaryLoss() ? layers.subList(0, layers.size() - 1) : List.of(), null, batch.targets(), noised,
        denoising.groups()).total();
  }

  @Override
  public Evaluator<PreparedImage, DetrBatch> evaluator() {
    return new DetectionEvaluator(loss, config.auxiliaryLoss(), valTruth, categories);
  }

  @Override
  public void writeCheckpointFiles(Path dir) throws IOException {
    Files.writeString(dir.resolve("config.json"), Json.pretty(config.toJson()));
    Files.writeString(dir.resolve("preprocessor_config.json"), Json.pretty(sizing.preprocessorConfig()));
  }
}
