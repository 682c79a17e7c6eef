package sweep.train.detr;

import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.metrics.coco.CocoEval;
import sweep.metrics.coco.CocoParams;
import sweep.metrics.coco.CocoSummary;
import sweep.metrics.coco.Detection;
import sweep.metrics.coco.GroundTruth;
import sweep.train.djl.Evaluator;

/**
 * One pass over the validation pages: the loss of each batch (averaged over batches weighted by their pages, as
 * {@code val_loss}) and the last layer's detections (post-processed as Hugging Face does with threshold 0 and top 100,
 * mapped back to each page's original pixels) scored by the COCO evaluator against the pages' own annotations:
 * {@code val_map} (mAP@[.5:.95]), {@code val_map_50}, {@code val_map_75}. The report is the twelve COCO numbers and
 * the AP of each class.
 */
final class DetectionEvaluator implements Evaluator<PreparedImage, DetrBatch> {
  private static final PostProcessor RANKING = new PostProcessor(0.0, 100);
  private final DetrLoss loss;
  private final boolean auxiliary;
  private final GroundTruth truth;
  private final CategoryIndex categories;
  private final List<Detection> detections = new ArrayList<>();
  private double lossSum;
  private int pages;
  private CocoSummary summary;

  DetectionEvaluator(DetrLoss loss, boolean auxiliary, GroundTruth truth, CategoryIndex categories) {
    this.loss = loss;
    this.auxiliary = auxiliary;
    this.truth = truth;
    this.categories = categories;
  }

  @Override
  public void accept(List<PreparedImage> examples, DetrBatch batch, NDList outputs) {
    List<Predictions> layers = DeformableDetrModel.predictions(outputs);
    Predictions last = layers.get(layers.size() - 1);
    LossTerms terms = loss.compute(last, auxiliary ? layers.subList(0, layers.size() - 1) : List.of(),
        batch.targets());
    lossSum += terms.total().getFloat() * examples.size();
    pages += examples.size();
    List<PixelSize> resized = examples.stream().map(PreparedImage::resizedSize).toList();
    List<List<DetectedObject>> found = RANKING.processPadded(last, batch.paddedSize(), resized,
        batch.originalSizes());
    detections.addAll(CocoResults.of(found, batch.imageIds(), categories, detections.size() + 1L));
    summary = null;
  }

  private CocoSummary summary() {
    if (summary == null) {
      summary = CocoSummary.of(CocoEval.run(truth, detections, CocoParams.standard()), 100);
    }
    return summary;
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> out = new TreeMap<>();
    out.put("val_loss", pages == 0 ? Double.NaN : lossSum / pages);
    double[] stats = summary().stats();
    out.put("val_map", stats[0]);
    out.put("val_map_50", stats[1]);
    out.put("val_map_75", stats[2]);
    return out;
  }

  @Override
  public String report() {
    StringBuilder text = new StringBuilder();
    summary().toMap().forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    return text.toString();
  }
}
