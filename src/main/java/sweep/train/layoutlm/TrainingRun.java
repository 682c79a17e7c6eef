package sweep.train.layoutlm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.train.TrialContext;
import sweep.train.djl.DecoupledAdamW;
import sweep.train.djl.EpochLoop;
import sweep.train.djl.LoopSettings;
import sweep.train.djl.TrainingCheckpoint;
import sweep.train.djl.LinearWarmup;
import sweep.train.djl.OwnedMemory;

/**
 * One LayoutLM trial: the model built from pretrained (or resumed) weights, AdamW without decay on biases and
 * LayerNorm weights, linear warmup then linear decay, label smoothing with the ignore index; the epochs themselves are
 * the shared {@link EpochLoop}'s (accumulation, clipping, evaluation, checkpoints, reports). Seeded: weights from the
 * seed, data order and dropout from (seed, epoch), so a run resumed from a checkpoint continues as the uninterrupted
 * run would.
 */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private static final int EVAL_BATCH = 64;

  private final TrialContext ctx;
  private final TrainingSettings hp;
  private final LayoutLmConfig config;
  private final Features train;
  private final Features val;
  private final Path tokenizerJson;
  private final int maxSeqLength;

  TrainingRun(TrialContext ctx, TrainingSettings hp, LayoutLmConfig config, Features train, Features val,
      Path tokenizerJson, int maxSeqLength) {
    this.ctx = ctx;
    this.hp = hp;
    this.config = config;
    this.train = train;
    this.val = val;
    this.tokenizerJson = tokenizerJson;
    this.maxSeqLength = maxSeqLength;
  }

  static Device device() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /**
   * @param initial starting weights (pretrained), used when not resuming; may be empty
   */
  void run(Map<String, NDArray> initial, NDManager loadManager) throws IOException {
    long seed = ctx.config().seed();
    int epochs = ctx.config().epochs();
    int batches = (train.examples().size() + hp.batchSize() - 1) / hp.batchSize();
    int stepsPerEpoch = (batches + hp.gradientAccumulationSteps() - 1) / hp.gradientAccumulationSteps();
    LinearWarmup schedule = LinearWarmup.of(hp.learningRate(), hp.warmupRatio(), stepsPerEpoch * epochs);
    Device device = device();
    try (Model model = Model.newInstance("layoutlm", device)) {
      TrainingCheckpoint.Loaded resumed = null;
      Map<String, NDArray> start = initial;
      if (ctx.resumeCheckpoint().isPresent()) {
        resumed = Checkpoints.load(ctx.resumeCheckpoint().get(), model.getNDManager());
        start = resumed.weights();
      } else {
        Map<String, NDArray> moved = new HashMap<>();
        initial.forEach((k, v) -> {
          NDArray a = OwnedMemory.copy(v, device);
          a.attach(model.getNDManager());
          moved.put(k, a);
        });
        start = moved;
      }
      Engine.getInstance().setRandomSeed((int) seed);
      LayoutLmModel block = new LayoutLmModel(config, start);
      model.setBlock(block);
      Map<String, String> nameById = new HashMap<>();
      block.parametersByName().forEach((name, p) -> nameById.put(p.getId(), name));
      DecoupledAdamW optimizer = new DecoupledAdamW(schedule, hp.weightDecay(), nameById, block.noDecayNames());
      DefaultTrainingConfig tc = new DefaultTrainingConfig(new TokenLoss(hp.labelSmoothingFactor()))
          .optOptimizer(optimizer).optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(1, 8), new Shape(1, 8, 4), new Shape(1, 8));
        int firstEpoch = 1;
        if (resumed != null) {
          Map<String, NDArray> weights = new HashMap<>();
          block.parametersByName().forEach((k, p) -> weights.put(k, p.getArray()));
          optimizer.restore(resumed.optimizer(), resumed.state().optimizerStep(), weights);
          firstEpoch = resumed.state().epoch() + 1;
          LOG.info("resumed from {} at epoch {}, optimizer step {}", ctx.resumeCheckpoint().get(), firstEpoch,
              optimizer.step());
        }
        loadManager.close();
        new EpochLoop<>(ctx, new TokenClassificationFamily(config, hp.labelSmoothingFactor(), tokenizerJson,
            maxSeqLength), new LoopSettings(hp.batchSize(), hp.gradientAccumulationSteps(), hp.maxGradNorm(),
            EVAL_BATCH, Checkpoints.REPORT), train.examples(), val.examples())
            .run(trainer, block.parametersByName(), optimizer, null, firstEpoch, epochs, seed);
      }
    }
  }
}
