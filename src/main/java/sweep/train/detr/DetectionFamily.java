package sweep.train.detr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sweep.metrics.coco.GroundTruth;
import sweep.train.djl.Evaluator;
import sweep.train.djl.TrainingFamily;
import sweep.util.Json;

/**
 * Deformable DETR as a family of the shared loop: pages prepared once ({@link PreparedImage}) and padded into
 * batches, the Hungarian loss (with the auxiliary layers' when {@code auxiliary_loss}), COCO evaluation, and a
 * checkpoint's {@code config.json} and {@code preprocessor_config.json} in Hugging Face's layout.
 */
final class DetectionFamily implements TrainingFamily<PreparedImage, DetrBatch> {
  static final String REPORT = "coco_eval.txt";
  private final DeformableDetrConfig config;
  private final ImageSizing sizing;
  private final DetrLoss loss;
  private final GroundTruth valTruth;
  private final CategoryIndex categories;

  DetectionFamily(DeformableDetrConfig config, ImageSizing sizing, GroundTruth valTruth, CategoryIndex categories) {
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
  public NDArray loss(NDList outputs, DetrBatch batch) {
    List<Predictions> layers = DeformableDetrModel.predictions(outputs);
    return loss.compute(layers.get(layers.size() - 1),
        config.auxiliaryLoss() ? layers.subList(0, layers.size() - 1) : List.of(), batch.targets()).total();
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
