package sweep.train.detr;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.data.detection.CocoReader;
import sweep.data.detection.DetectionBox;
import sweep.data.detection.DetectionDataConfig;
import sweep.data.detection.DetectionDataset;
import sweep.data.detection.DetectionExport;
import sweep.data.detection.DetectionHash;
import sweep.data.detection.DetectionImage;
import sweep.data.detection.LoadedDetection;
import sweep.metrics.coco.GroundTruth;
import sweep.spec.MetricDefinition;
import sweep.spec.SpecNode;
import sweep.train.Prepared;
import sweep.train.TrainerBatch;
import sweep.train.TrialContext;
import sweep.train.TrialParams;
import sweep.train.command.CommandData;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.EpochLoop;
import sweep.train.djl.ExponentialMovingAverage;
import sweep.train.djl.LinearWarmup;
import sweep.train.djl.LoopSettings;
import sweep.train.djl.Safetensors;
import sweep.train.djl.TrainingCheckpoint;
import sweep.util.Json;

/**
 * {@code task: detection}: Deformable DETR trained in DJL on COCO detection data, scored by COCO mAP.
 *
 * <pre>
 * model:
 *   architecture: deformable-detr   # the one built
 *   pretrained: DIR                 # a Hugging Face directory (config.json, model.safetensors); the class head starts
 *                                   #   fresh when its labels differ from the data's
 *   config: {d_model: 64, ...}      # or Hugging Face config keys over a tiny default, to train from scratch
 * data:                             # as a command trial's data: (synthetic | file:DIR | s3://... | train + val)
 *   source: synthetic
 * </pre>
 *
 * <p>Parameters: {@link DetectionSettings#NAMES}. Metrics each epoch: {@code val_map}, {@code val_map_50},
 * {@code val_map_75}, {@code val_loss}, {@code train_loss}. Checkpoints are Hugging Face directories
 * ({@code config.json}, {@code model.safetensors}, {@code preprocessor_config.json}) plus the loop's optimizer,
 * average and state files; with denoising queries ({@code denoising_groups} above 0, {@link Denoising}) their own
 * tensors go into the state's {@code training_only.safetensors}, never into {@code model.safetensors}.
 */
public final class DetectionTask implements TrainerBatch.Task {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionTask.class);
  static final Set<String> METRICS = Set.of("val_map", "val_map_50", "val_map_75", "val_loss", "train_loss");
  private static final int EVAL_BATCH = 8;

  /** A tiny Deformable DETR for training from scratch on a CPU; {@code model.config} overrides any key. */
  static final String SCRATCH = """
      {"model_type": "deformable_detr", "backbone": "resnet18",
       "backbone_kwargs": {"layers": [1, 1, 1, 1], "channels": [16, 32, 64, 64], "stem_width": 16,
                           "out_indices": [3, 4]},
       "d_model": 64, "num_feature_levels": 2, "encoder_layers": 1, "decoder_layers": 2,
       "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_n_points": 2, "decoder_n_points": 2,
       "encoder_ffn_dim": 128, "decoder_ffn_dim": 128, "num_queries": 20, "dropout": 0.0, "auxiliary_loss": true,
       "with_box_refine": false}""";

  @Override
  public String name() {
    return "detection";
  }

  @Override
  public MetricDefinition metricDefinition(JsonNode taskConfig, String metric) {
    return new MetricDefinition("detection", metric.startsWith("val_map") ? "coco" : null,
        metric.startsWith("val_map") ? 100 : null);
  }

  @Override
  public Set<String> specKeys() {
    return Set.of("model", "data");
  }

  @Override
  public Optional<Set<String>> reportedMetrics(JsonNode config) {
    return Optional.of(METRICS);
  }

  @Override
  public JsonNode configure(SpecNode root, Set<String> parameters) {
    TrialParams.check(root, parameters, name(), DetectionSettings.NAMES, "learning_rate");
    ObjectNode out = Json.mapper().createObjectNode();
    out.set("model", model(root.get("model").orElse(null)));
    CommandData.configure(root, out);
    if (!out.has("data")) {
      throw root.missing("data");
    }
    return out;
  }

  private static ObjectNode model(SpecNode node) {
    ObjectNode out = Json.mapper().createObjectNode();
    Map<String, SpecNode> keys = node == null ? Map.of() : node.entries(List.of("architecture", "pretrained",
        "config"));
    if (keys.containsKey("architecture") && !keys.get("architecture").asString().equals("deformable-detr")) {
      throw keys.get("architecture").error("unknown architecture '" + keys.get("architecture").asString() + "'"
          + SpecNode.suggestion(keys.get("architecture").asString(), List.of("deformable-detr")));
    }
    out.put("architecture", "deformable-detr");
    if (keys.containsKey("pretrained")) {
      if (keys.containsKey("config")) {
        throw keys.get("config").errorAtKey("give either 'pretrained' (its config.json is used) or 'config', not both");
      }
      SpecNode p = keys.get("pretrained");
      Path dir = TrialParams.pretrainedDirectory(p);
      try {
        DeformableDetrConfig.fromJson(Json.mapper().readTree(dir.resolve("config.json").toFile()));
      } catch (IOException | IllegalArgumentException e) {
        throw p.error(dir.resolve("config.json") + ": " + e.getMessage());
      }
      out.put("pretrained", dir.toString());
      return out;
    }
    ObjectNode config = (ObjectNode) Json.tree(SCRATCH);
    if (keys.containsKey("config")) {
      SpecNode given = keys.get("config");
      if (!given.isMapping()) {
        throw given.error("must be a mapping of Hugging Face config keys");
      }
      given.entries().forEach((k, v) -> config.set(k, v.toJson()));
      try {
        DeformableDetrConfig.fromJson(config);
      } catch (IllegalArgumentException e) {
        throw given.error(e.getMessage());
      }
    }
    out.set("config", config);
    return out;
  }

  @Override
  public Prepared prepare(JsonNode taskConfig, Path dataDir, Map<String, String> env) throws IOException {
    return CommandData.prepare(taskConfig, dataDir, env);
  }

  // ---- the trial ----

  @Override
  public void run(TrialContext ctx) throws Exception {
    TrialParams.applyCpuThreads();
    JsonNode cfg = ctx.config().taskConfig();
    Path dir = Path.of(cfg.path("data").path("dir").asText());
    DetectionDataConfig dataConfig = DetectionDataConfig.fromJson(cfg.path("data"));
    LoadedDetection train = CocoReader.read(dir.resolve("train").resolve(DetectionExport.RF_DETR_ANNOTATIONS),
        dir.resolve("train"), dataConfig.readOptions());
    LoadedDetection val = CocoReader.read(dir.resolve("valid").resolve(DetectionExport.RF_DETR_ANNOTATIONS),
        dir.resolve("valid"), dataConfig.readOptions());
    DetectionDataset all = new DetectionDataset(train.dataset().categories(),
        concat(train.dataset().images(), val.dataset().images()), concat(train.dataset().boxes(),
        val.dataset().boxes()));
    ctx.dataHash(DetectionHash.of(all));
    DetectionSettings hp = DetectionSettings.from(ctx.config().params());
    CategoryIndex categories = new CategoryIndex(train.dataset().categories());
    ImageSizing sizing = ImageSizing.forImageSize(hp.imageSize());
    ImageProcessor processor = new ImageProcessor(sizing, categories);
    List<PreparedImage> trainPages = prepare(processor, train.dataset());
    List<PreparedImage> valPages = prepare(processor, val.dataset());
    LOG.info("data: {} train / {} val pages, {} classes, images resized to {}", trainPages.size(), valPages.size(),
        categories.size(), sizing);

    List<String> labels = categories.categories().stream().map(c -> c.name()).toList();
    try (NDManager load = NDManager.newBaseManager()) {
      Map<String, NDArray> initial = new HashMap<>();
      DeformableDetrConfig config;
      JsonNode model = cfg.path("model");
      if (model.path("pretrained").isTextual()) {
        Path pretrained = Path.of(model.path("pretrained").asText());
        DeformableDetrConfig base = DeformableDetrConfig.fromJson(Json.mapper().readTree(
            pretrained.resolve("config.json").toFile()));
        config = base.withLabels(labels);
        initial.putAll(Safetensors.read(pretrained.resolve(TrainingCheckpoint.WEIGHTS), load));
        if (!base.labels().equals(labels)) {
          LOG.info("the pretrained model's classes {} are not the data's {}: the class head starts fresh",
              base.labels(), labels);
          // a two-stage file may hold its class heads under the decoder's tied name
          initial.keySet().removeIf(k -> k.startsWith("class_embed.") || k.startsWith("model.decoder.class_embed."));
        }
      } else {
        ObjectNode c = model.path("config").deepCopy();
        if (hp.numQueries() > 0) {
          // a two-stage model's decoder queries are its proposals
          c.put(c.path("two_stage").asBoolean(false) ? "two_stage_num_proposals" : "num_queries", hp.numQueries());
        }
        ObjectNode id2label = c.putObject("id2label");
        for (int i = 0; i < labels.size(); i++) {
          id2label.put(String.valueOf(i), labels.get(i));
        }
        config = DeformableDetrConfig.fromJson(c);
      }
      train(ctx, hp, config, sizing, categories, groundTruth(val.dataset()), trainPages, valPages, initial, load);
    }
  }

  private static void train(TrialContext ctx, DetectionSettings hp, DeformableDetrConfig config, ImageSizing sizing,
      CategoryIndex categories, GroundTruth valTruth, List<PreparedImage> trainPages, List<PreparedImage> valPages,
      Map<String, NDArray> initial, NDManager load) throws IOException {
    // a backbone trained from scratch trains whole: its random stem and layer1 are not worth freezing
    boolean fromScratch = initial.isEmpty();
    long seed = ctx.config().seed();
    int epochs = ctx.config().epochs();
    LoopSettings loop = new LoopSettings(hp.batchSize(), hp.gradientAccumulationSteps(), hp.maxGradNorm(),
        EVAL_BATCH, DetectionFamily.REPORT);
    LinearWarmup schedule = LinearWarmup.of(hp.learningRate(), hp.warmupRatio(),
        loop.stepsPerEpoch(trainPages.size()) * epochs);
    Device device = Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    try (Model model = Model.newInstance("deformable-detr", device)) {
      TrainingCheckpoint.Loaded resumed = ctx.resumeCheckpoint().isPresent()
          ? TrainingCheckpoint.load(ctx.resumeCheckpoint().get(), load) : null;
      Map<String, NDArray> start = new HashMap<>(resumed != null ? resumed.weights() : initial);
      if (resumed != null) {
        // the denoising tensors, kept with the training state (absent from a checkpoint written without them)
        start.putAll(resumed.trainingOnly());
      }
      DeformableDetrModel block = new DeformableDetrModel(config, start, model.getNDManager(), seed, fromScratch,
          hp.denoising().enabled());
      model.setBlock(block);
      DecoupledAdamW optimizer = optimizer(block, schedule, hp.lrBackbone() / hp.learningRate(), hp.weightDecay());
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
          .optDevices(new Device[] {device}))) {
        trainer.initialize(new Shape(1, 3, 64, 64), new Shape(1, 64, 64));
        Map<String, NDArray> weights = new LinkedHashMap<>();
        block.parametersByName().forEach((k, p) -> weights.put(k, p.getArray()));
        ExponentialMovingAverage average = hp.emaDecay() > 0
            ? new ExponentialMovingAverage(hp.emaDecay(), 0, weights, model.getNDManager()) : null;
        int firstEpoch = 1;
        if (resumed != null) {
          Map<String, NDArray> trained = new LinkedHashMap<>(weights);
          block.trainingOnlyParameters().forEach((k, p) -> trained.put(k, p.getArray()));
          optimizer.restore(resumed.optimizer(), resumed.state().optimizerStep(), trained);
          if (average != null && resumed.state().averageUpdates() != null) {
            average.restore(resumed.average(), resumed.state().averageUpdates());
          }
          firstEpoch = resumed.state().epoch() + 1;
          LOG.info("resumed from {} at epoch {}, optimizer step {}", ctx.resumeCheckpoint().get(), firstEpoch,
              optimizer.step());
        }
        new EpochLoop<>(ctx, new DetectionFamily(config, sizing, valTruth, categories, hp.denoising()), loop,
            trainPages, valPages).run(trainer, block.parametersByName(), block.trainingOnlyParameters(), optimizer,
            average, firstEpoch, epochs, seed);
      }
    }
  }

  /**
   * AdamW in three groups: the backbone's tensors at {@code backboneFactor} times the schedule's rate, with weight
   * decay; the other biases and LayerNorm weights without; everything else with.
   */
  static DecoupledAdamW optimizer(DeformableDetrModel block, IntToDoubleFunction schedule, double backboneFactor,
      double weightDecay) {
    Map<String, String> nameById = new HashMap<>();
    block.parametersByName().forEach((name, p) -> nameById.put(p.getId(), name));
    block.trainingOnlyParameters().forEach((name, p) -> nameById.put(p.getId(), name));
    DecoupledAdamW.Group decayed = new DecoupledAdamW.Group("decay", schedule, weightDecay);
    DecoupledAdamW.Group plain = new DecoupledAdamW.Group("no_decay", schedule, 0);
    DecoupledAdamW.Group backbone = new DecoupledAdamW.Group("backbone",
        step -> schedule.applyAsDouble(step) * backboneFactor, weightDecay);
    return new DecoupledAdamW(nameById, name -> block.backboneNames().contains(name) ? backbone
        : block.noDecayNames().contains(name) ? plain : decayed);
  }

  private static List<PreparedImage> prepare(ImageProcessor processor, DetectionDataset data) throws IOException {
    Map<Long, List<DetectionBox>> byImage = new HashMap<>();
    data.boxes().forEach(b -> byImage.computeIfAbsent(b.imageId(), k -> new ArrayList<>()).add(b));
    List<PreparedImage> out = new ArrayList<>();
    for (DetectionImage image : data.images()) {
      out.add(processor.prepare(image, byImage.getOrDefault(image.id(), List.of())));
    }
    return out;
  }

  /** The validation split's annotations as the COCO evaluator reads them, in original pixels. */
  static GroundTruth groundTruth(DetectionDataset val) {
    List<GroundTruth.Annotation> annotations = new ArrayList<>();
    for (DetectionBox b : val.boxes()) {
      annotations.add(new GroundTruth.Annotation(b.id(), b.imageId(), b.categoryId(),
          new GroundTruth.Box(b.x(), b.y(), b.w(), b.h()), b.area(), b.iscrowd()));
    }
    return new GroundTruth(val.images().stream().map(DetectionImage::id).toList(),
        val.categories().stream().map(c -> new GroundTruth.Category(c.id(), c.name())).toList(), annotations);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
