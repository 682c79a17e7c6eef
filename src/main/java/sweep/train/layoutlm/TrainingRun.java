package sweep.train.layoutlm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.LocalArtifacts;
import sweep.metrics.Seqeval;
import sweep.spec.Goal;
import sweep.train.TrialContext;

/**
 * One trial's training: AdamW without decay on biases and LayerNorm weights, linear warmup then linear decay,
 * global-norm clipping, gradient accumulation, label smoothing with the ignore index; an evaluation, a checkpoint
 * and a report to the orchestrator at the end of every epoch; the best and the latest checkpoint kept. Seeded:
 * weights from the seed, data order and dropout from (seed, epoch), so a run resumed from a checkpoint continues
 * as the uninterrupted run would.
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
      Checkpoints.Loaded resumed = null;
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
        epochs(trainer, block, optimizer, firstEpoch, epochs, seed);
      }
    }
  }

  private void epochs(Trainer trainer, LayoutLmModel block, DecoupledAdamW optimizer, int firstEpoch, int epochs,
      long seed) throws IOException {
    Goal goal = Goal.valueOf(ctx.config().goal().toUpperCase());
    String metric = ctx.config().metric();
    // A resumed trial keeps the best it had before the interruption (and that checkpoint).
    Double best = ctx.config().bestValue();
    Integer bestEpoch = ctx.config().bestEpoch();
    List<Parameter> trainable = block.parametersByName().values().stream()
        .filter(Parameter::requiresGradient).toList();
    for (int epoch = firstEpoch; epoch <= epochs && !ctx.stopRequested(); epoch++) {
      long started = System.nanoTime();
      Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + epoch));
      double trainLoss = trainEpoch(trainer, optimizer, trainable, seed, epoch);
      if (ctx.stopRequested()) {
        return;
      }
      if (!Double.isFinite(trainLoss)) {
        // Diverged: nothing worth evaluating or keeping; the orchestrator fails the trial on this report.
        ctx.reportEpoch(epoch, (long) optimizer.step(), Map.of("train_loss", trainLoss), null);
        return;
      }
      Evaluation eval = evaluate(trainer);
      Map<String, Double> metrics = new TreeMap<>();
      metrics.put("train_loss", trainLoss);
      metrics.put("val_loss", eval.loss());
      metrics.put("val_f1", eval.report().micro().f1());
      metrics.put("val_precision", eval.report().micro().precision());
      metrics.put("val_recall", eval.report().micro().recall());
      metrics.put("learning_rate", lastRate);
      metrics.put("epoch_seconds", (System.nanoTime() - started) / 1e9);
      String name = "checkpoint-" + epoch;
      Path dir = ctx.trialDir().resolve(name);
      Checkpoints.save(dir, block, optimizer, tokenizerJson, maxSeqLength,
          new Checkpoints.State(epoch, optimizer.step(), seed), eval.report().toText());
      Files.writeString(ctx.trialDir().resolve("classification_report.txt"), "epoch " + epoch + "\n"
          + eval.report().toText());
      Double value = metrics.get(metric);
      if (value != null && Double.isFinite(value) && (best == null || goal.better(value, best))) {
        best = value;
        bestEpoch = epoch;
      }
      keepOnly(bestEpoch, epoch);
      if (!ctx.reportEpoch(epoch, (long) optimizer.step(), metrics, name)) {
        return;
      }
    }
  }

  /** The learning rate of the last optimizer step. */
  private double lastRate;

  /** Trains one epoch; returns the mean training loss (NaN as soon as a step's loss is not finite). */
  private double trainEpoch(Trainer trainer, DecoupledAdamW optimizer, List<Parameter> trainable, long seed,
      int epoch) {
    List<Features.Example> examples = new ArrayList<>(train.examples());
    shuffle(examples, new SplittableRandom(seed * 31 + epoch));
    int accumulation = hp.gradientAccumulationSteps();
    double lossSum = 0;
    int lossCount = 0;
    for (int start = 0; start < examples.size() && !ctx.stopRequested(); ) {
      int groupEnd = Math.min(examples.size(), start + hp.batchSize() * accumulation);
      int micro = (groupEnd - start + hp.batchSize() - 1) / hp.batchSize();
      try (NDManager step = trainer.getManager().newSubManager();
           GradientCollector collector = trainer.newGradientCollector()) {
        for (int b = start; b < groupEnd; b += hp.batchSize()) {
          Batches.Batch batch = Batches.of(examples.subList(b, Math.min(groupEnd, b + hp.batchSize())), step);
          NDArray logits = trainer.forward(batch.inputs()).singletonOrThrow();
          NDArray loss = TokenLoss.compute(logits, batch.labels(), hp.labelSmoothingFactor());
          float value = loss.getFloat();
          if (!Float.isFinite(value)) {
            return Double.NaN;
          }
          lossSum += value;
          lossCount++;
          collector.backward(loss.div(OwnedMemory.scalar(step, micro)));
          ctx.progress();
        }
      }
      if (hp.maxGradNorm() > 0) {
        clip(trainable);
      }
      lastRate = optimizer.currentRate();
      trainer.step();
      optimizer.advance();

      start = groupEnd;
    }
    return lossCount == 0 ? Double.NaN : lossSum / lossCount;
  }

  /** Clips the gradients as they are now (a gradient handle taken before backward would be stale). */
  private void clip(List<Parameter> trainable) {
    List<NDArray> grads = new ArrayList<>(trainable.size());
    try {
      for (Parameter p : trainable) {
        grads.add(p.getArray().getGradient());
      }
      GradientClipping.clip(grads, hp.maxGradNorm());
    } finally {
      grads.forEach(NDArray::close);
    }
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  record Evaluation(double loss, Seqeval.Report report) {}

  /** Loss and entity scores on the validation lines, words that were cut off left out (as HF's evaluation does). */
  private Evaluation evaluate(Trainer trainer) {
    List<List<String>> gold = new ArrayList<>();
    List<List<String>> pred = new ArrayList<>();
    double lossSum = 0;
    int tokens = 0;
    List<Features.Example> examples = val.examples();
    for (int start = 0; start < examples.size(); start += EVAL_BATCH) {
      List<Features.Example> chunk = examples.subList(start, Math.min(examples.size(), start + EVAL_BATCH));
      try (NDManager m = trainer.getManager().newSubManager()) {
        Batches.Batch batch = Batches.of(chunk, m);
        NDArray logits = trainer.evaluate(batch.inputs()).singletonOrThrow();
        ctx.progress();
        NDArray labels = batch.labels();
        long active = labels.neq(TokenLoss.IGNORE).sum().getLong();
        lossSum += TokenLoss.compute(logits, labels, hp.labelSmoothingFactor()).getFloat() * active;
        tokens += (int) active;
        long[] argmax = logits.argMax(-1).toType(DataType.INT64, false).toLongArray();
        for (int i = 0; i < chunk.size(); i++) {
          Features.Example e = chunk.get(i);
          List<String> g = new ArrayList<>();
          List<String> p = new ArrayList<>();
          for (int w = 0; w < e.firstToken().length; w++) {
            if (e.firstToken()[w] < 0) {
              continue;
            }
            g.add(e.goldTags().get(w));
            p.add(config.labels().get((int) argmax[i * batch.length() + e.firstToken()[w]]));
          }
          gold.add(g);
          pred.add(p);
        }
      }
    }
    return new Evaluation(tokens == 0 ? Double.NaN : lossSum / tokens,
        Seqeval.score(gold, pred, Seqeval.Mode.DEFAULT));
  }

  /** save_total_limit with the best model kept: delete every checkpoint but the best and the latest. */
  private void keepOnly(Integer bestEpoch, int latest) throws IOException {
    try (var dirs = Files.list(ctx.trialDir())) {
      for (Path d : dirs.toList()) {
        String n = d.getFileName().toString();
        if (n.matches("checkpoint-\\d+")) {
          int e = Integer.parseInt(n.substring("checkpoint-".length()));
          if (e != latest && (bestEpoch == null || e != bestEpoch)) {
            LocalArtifacts.deleteTree(d);
          }
        }
      }
    }
  }
}
