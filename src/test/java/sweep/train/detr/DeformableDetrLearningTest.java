package sweep.train.detr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.detection.DetectionBox;
import sweep.data.detection.DetectionCategory;
import sweep.metrics.coco.CocoEval;
import sweep.metrics.coco.CocoParams;
import sweep.metrics.coco.CocoSummary;
import sweep.metrics.coco.GroundTruth;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.Safetensors;
import sweep.util.Json;

/**
 * A tiny Deformable DETR trained from scratch with its Hugging Face loss learns: on eight pages with one to three
 * filled rectangles of two colours (the class), the loss falls and the model overfits them to COCO mAP@0.5 of at
 * least 0.9; and a checkpoint written under Hugging Face's names and read back gives identical outputs. A two-stage
 * model trains too (two pages, 15 steps: finite losses, the last 10% below the first), its outputs have the shapes
 * the block declares, and its checkpoint reloads exactly.
 */
class DeformableDetrLearningTest {
  private static final int PAGES = 8;
  private static final CategoryIndex CATEGORIES = new CategoryIndex(List.of(new DetectionCategory(1, "red"),
      new DetectionCategory(2, "blue")));
  private static final String CONFIG = """
      {"model_type": "deformable_detr", "backbone": "resnet18",
       "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [8, 16, 32, 32], "stem_width": 8,
                           "out_indices": [3, 4]},
       "d_model": 32, "num_feature_levels": 2, "encoder_layers": 1, "decoder_layers": 2,
       "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_n_points": 2, "decoder_n_points": 2,
       "encoder_ffn_dim": 64, "decoder_ffn_dim": 64, "num_queries": 10, "dropout": 0.0, "auxiliary_loss": true,
       "id2label": {"0": "red", "1": "blue"}}""";
  private static final String TWO_STAGE = CONFIG.replace("\"auxiliary_loss\": true,",
      "\"auxiliary_loss\": true, \"two_stage\": true, \"with_box_refine\": true, \"two_stage_num_proposals\": 12,");

  @Test
  void overfitsEightPagesAndReloadsExactly(@TempDir Path dir) throws Exception {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(CONFIG));
    List<GroundTruth.Annotation> truth = new ArrayList<>();
    List<PreparedImage> pages = pages(truth);
    GroundTruth groundTruth = new GroundTruth(java.util.stream.LongStream.rangeClosed(1, PAGES).boxed().toList(),
        List.of(new GroundTruth.Category(1, "red"), new GroundTruth.Category(2, "blue")), truth);
    training(config, (block, trainer, optimizer, m) -> {
      double[] losses = train(trainer, optimizer, pages, 400);
      assertThat(losses[losses.length - 1]).as("loss after training, from " + losses[0]).isLessThan(losses[0] / 3);

      CocoSummary summary = evaluate(trainer, pages, groundTruth, CATEGORIES);
      assertThat(summary.stats()[1]).as("mAP@0.5 " + summary).isGreaterThanOrEqualTo(0.9);
      assertReloadsExactly(block, config, pages, dir, m);
    });
  }

  @Test
  void twoStageTrainsAndReloadsExactly(@TempDir Path dir) throws Exception {
    DeformableDetrConfig config = DeformableDetrConfig.fromJson(Json.tree(TWO_STAGE));
    assertThat(config.twoStage()).isTrue();
    List<PreparedImage> pages = pages(new ArrayList<>()).subList(0, 2);
    training(config, (block, trainer, optimizer, m) -> {
      double[] losses = train(trainer, optimizer, pages, 15);
      assertThat(Arrays.stream(losses).allMatch(Double::isFinite)).as("finite losses " + Arrays.toString(losses))
          .isTrue();
      assertThat(losses[losses.length - 1]).as("loss at the end " + Arrays.toString(losses))
          .isLessThan(losses[0] * 0.9);
      NDList outputs = assertReloadsExactly(block, config, pages, dir, m);
      assertThat(DeformableDetrModel.encoderProposals(outputs)).isNotNull();
      assertThat(DeformableDetrModel.predictions(outputs)).hasSize(config.decoderLayers());
      Shape[] shapes = block.getOutputShapes(new Shape[] {new Shape(pages.size(), 3, 64, 64),
          new Shape(pages.size(), 64, 64)});
      for (int i = 0; i < outputs.size(); i++) {
        assertThat(outputs.get(i).getShape()).as("output shape " + i).isEqualTo(shapes[i]);
      }
    });
  }

  /** What a test does with a fresh model (seed 11) being trained. */
  private interface Training {
    void run(DeformableDetrModel block, Trainer trainer, DecoupledAdamW optimizer, NDManager manager)
        throws Exception;
  }

  /** A fresh model of that configuration, its AdamW (learning rate 2e-3, weight decay 1e-4) and trainer. */
  private static void training(DeformableDetrConfig config, Training body) throws Exception {
    try (NDManager m = NDManager.newBaseManager(Device.cpu());
         Model model = Model.newInstance("detr", Device.cpu())) {
      DeformableDetrModel block = new DeformableDetrModel(config, Map.of(), m, 11);
      model.setBlock(block);
      Map<String, String> nameById = new HashMap<>();
      block.parametersByName().forEach((n, p) -> nameById.put(p.getId(), n));
      DecoupledAdamW optimizer = new DecoupledAdamW(s -> 2e-3, 1e-4, nameById, block.noDecayNames());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
        trainer.initialize(new Shape(PAGES, 3, 64, 64), new Shape(PAGES, 64, 64));
        body.run(block, trainer, optimizer, m);
      }
    }
  }

  /** Full-batch steps on the pages with Hugging Face's loss (its default weights); the loss of each. */
  private static double[] train(Trainer trainer, DecoupledAdamW optimizer, List<PreparedImage> pages, int steps) {
    DetrLoss loss = new DetrLoss(LossCoefficients.defaults());
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      try (NDManager s = trainer.getManager().newSubManager();
           GradientCollector collector = trainer.newGradientCollector()) {
        DetrBatch batch = DetrBatch.collate(s, pages);
        List<Predictions> layers = DeformableDetrModel.predictions(
            trainer.forward(new NDList(batch.pixelValues(), batch.pixelMask())));
        LossTerms terms = loss.compute(layers.get(layers.size() - 1), layers.subList(0, layers.size() - 1),
            batch.targets());
        losses[step] = terms.total().getFloat();
        collector.backward(terms.total());
      }
      trainer.step();
      optimizer.advance();
    }
    return losses;
  }

  /** Written under Hugging Face's names with its config.json and read back, the model gives identical outputs. */
  private static NDList assertReloadsExactly(DeformableDetrModel block, DeformableDetrConfig config,
      List<PreparedImage> pages, Path dir, NDManager m) throws Exception {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    block.parametersByName().forEach((n, p) -> weights.put(n, p.getArray()));
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, weights);
    Files.writeString(dir.resolve("config.json"), Json.pretty(config.toJson()));
    DeformableDetrConfig again = DeformableDetrConfig.fromJson(Json.tree(Files.readString(dir.resolve(
        "config.json"))));
    assertThat(again.toJson()).as("config read back").isEqualTo(config.toJson());
    DeformableDetrModel reloaded = new DeformableDetrModel(again, Safetensors.read(file, m), m, 99);
    DetrBatch batch = DetrBatch.collate(m, pages);
    NDList before = block.forward(new ai.djl.training.ParameterStore(m, false),
        new NDList(batch.pixelValues(), batch.pixelMask()), false);
    NDList after = reloaded.forward(new ai.djl.training.ParameterStore(m, false),
        new NDList(batch.pixelValues(), batch.pixelMask()), false);
    assertThat(after).hasSameSizeAs(before);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i).toFloatArray()).as("output " + i).containsExactly(before.get(i).toFloatArray());
    }
    return after;
  }

  /** Eight pages of one to three rectangles, red (category 1) or blue (2); their annotations added to truth. */
  private static List<PreparedImage> pages(List<GroundTruth.Annotation> truth) {
    ImageProcessor processor = new ImageProcessor(new ImageSizing(64, 107), CATEGORIES);
    List<PreparedImage> pages = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int page = 1; page <= PAGES; page++) {
      List<DetectionBox> boxes = new ArrayList<>();
      byte[] rgb = new byte[64 * 64 * 3];
      Arrays.fill(rgb, (byte) 230);
      for (int k = 0; k < 1 + page % 3; k++) {
        int w = 12 + random.nextInt(14);
        int h = 12 + random.nextInt(14);
        int x = random.nextInt(64 - w);
        int y = random.nextInt(64 - h);
        int category = 1 + random.nextInt(2);
        for (int yy = y; yy < y + h; yy++) {
          for (int xx = x; xx < x + w; xx++) {
            int at = (yy * 64 + xx) * 3;
            rgb[at] = (byte) (category == 1 ? 200 : 20);
            rgb[at + 1] = 20;
            rgb[at + 2] = (byte) (category == 1 ? 20 : 200);
          }
        }
        long id = page * 10L + k;
        boxes.add(new DetectionBox(id, page, category, x, y, w, h, w * h, false));
        truth.add(new GroundTruth.Annotation(id, page, category, new GroundTruth.Box(x, y, w, h), w * h, false));
      }
      pages.add(processor.prepare(page, new RgbImage(64, 64, rgb), boxes));
    }
    return pages;
  }

  private static CocoSummary evaluate(Trainer trainer, List<PreparedImage> pages, GroundTruth truth,
      CategoryIndex categories) {
    try (NDManager s = trainer.getManager().newSubManager()) {
      DetrBatch batch = DetrBatch.collate(s, pages);
      List<Predictions> layers = DeformableDetrModel.predictions(
          trainer.evaluate(new NDList(batch.pixelValues(), batch.pixelMask())));
      List<PixelSize> resized = pages.stream().map(PreparedImage::resizedSize).toList();
      List<List<DetectedObject>> found = new PostProcessor(0.0, 100).processPadded(layers.get(layers.size() - 1),
          batch.paddedSize(), resized, batch.originalSizes());
      return CocoSummary.of(CocoEval.run(truth, CocoResults.of(found, batch.imageIds(), categories, 1),
          CocoParams.standard()), 100);
    }
  }
}
