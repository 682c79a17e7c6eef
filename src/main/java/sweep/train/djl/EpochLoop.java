package sweep.train.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import sweep.spec.Goal;
import sweep.train.TrialContext;

/**
 * The epoch loop every DJL model family trains with, as the Hugging Face Trainer runs it: each epoch the training
 * examples in an order seeded by (seed, epoch), forward passes of {@code batchSize}, gradients accumulated over
 * {@code accumulation} of them (each loss divided by the group's size), global-norm clipping, one optimizer step,
 * the weight average updated after it when on; then an evaluation (of the averaged weights when the average is on),
 * a checkpoint, the best and latest kept, and the epoch's report, which the orchestrator answers with go on or stop.
 * Every forward pass is a sign of life ({@link TrialContext#progress}). A stop request ends the loop within the
 * forward pass under way; a loss that is not finite ends it with a report of the training loss alone, which fails
 * the trial. A step whose gradients are not finite (a finite loss with a NaN or infinite gradient norm) is skipped
 * as mixed-precision loss scaling skips one: no optimizer step, no schedule advance, no average update, so the
 * weights never take a NaN; the epoch reports how many it skipped as {@code skipped_steps} (only when any were),
 * and an epoch in which every step was skipped has diverged and fails the trial like a non-finite loss. Resumed from a checkpoint, the loop continues as the uninterrupted run would: the epoch's seeds, the
 * optimizer's moments and step, and the average and its counter all come back.
 *
 * @param <E> an example
 * @param <B> a batch
 */
public final class EpochLoop<E, B> {
  private final TrialContext ctx;
  private final TrainingFamily<E, B> family;
  private final LoopSettings settings;
  private final List<E> train;
  private final List<E> val;
  private double lastRate;
  private int skippedSteps;

  public EpochLoop(TrialContext ctx, TrainingFamily<E, B> family, LoopSettings settings, List<E> train,
      List<E> val) {
    this.ctx = ctx;
    this.family = family;
    this.settings = settings;
    this.train = List.copyOf(train);
    this.val = List.copyOf(val);
  }

  /**
   * Trains epochs {@code firstEpoch..epochs}.
   *
   * @param parameters the model's parameters by name (what is saved, clipped and averaged)
   * @param average the weight average, or null when off
   */
  public void run(Trainer trainer, Map<String, Parameter> parameters, DecoupledAdamW optimizer,
      ExponentialMovingAverage average, int firstEpoch, int epochs, long seed) throws IOException {
    run(trainer, parameters, Map.of(), optimizer, average, firstEpoch, epochs, seed);
  }

  /**
   * Trains epochs {@code firstEpoch..epochs} with tensors that train but are not part of the published model.
   *
   * @param parameters the model's parameters by name (what is published and averaged)
   * @param trainingOnly parameters that train with the others (clipped with them, stepped by the optimizer) but are
   *     saved only with the training state ({@link TrainingCheckpoint#TRAINING_ONLY}), for resuming
   * @param average the weight average, or null when off
   */
  public void run(Trainer trainer, Map<String, Parameter> parameters, Map<String, Parameter> trainingOnly,
      DecoupledAdamW optimizer, ExponentialMovingAverage average, int firstEpoch, int epochs, long seed)
      throws IOException {
    Goal goal = Goal.valueOf(ctx.config().goal().toUpperCase());
    String metric = ctx.config().metric();
    // A resumed trial keeps the best it had before the interruption (and that checkpoint).
    Double best = ctx.config().bestValue();
    Integer bestEpoch = ctx.config().bestEpoch();
    List<Parameter> trainable = Stream.concat(parameters.values().stream(),
        trainingOnly.values().stream()).filter(Parameter::requiresGradient).toList();
    for (int epoch = firstEpoch; epoch <= epochs && !ctx.stopRequested(); epoch++) {
      long started = System.nanoTime();
      Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + epoch));
      family.beginEpoch(seed, epoch);
      double trainLoss = trainEpoch(trainer, optimizer, average, parameters, trainable, seed, epoch);
      if (ctx.stopRequested()) {
        return;
      }
      if (!Double.isFinite(trainLoss)) {
        // Diverged: nothing worth evaluating or keeping; the orchestrator fails the trial on this report.
        ctx.reportEpoch(epoch, (long) optimizer.step(), Map.of("train_loss", trainLoss), null);
        return;
      }
      Evaluator<E, B> evaluator = average == null ? evaluate(trainer)
          : withAverage(parameters, average, () -> evaluate(trainer));
      Map<String, Double> metrics = new TreeMap<>(evaluator.metrics());
      metrics.put("train_loss", trainLoss);
      metrics.put("learning_rate", lastRate);
      metrics.put("epoch_seconds", (System.nanoTime() - started) / 1e9);
      if (skippedSteps > 0) {
        metrics.put("skipped_steps", (double) skippedSteps);
      }
      String name = TrainingCheckpoint.name(epoch);
      Map<String, NDArray> weights = new LinkedHashMap<>();
      parameters.forEach((k, p) -> weights.put(k, p.getArray()));
      Map<String, NDArray> ownWeights = new LinkedHashMap<>();
      trainingOnly.forEach((k, p) -> ownWeights.put(k, p.getArray()));
      String report = evaluator.report();
      TrainingCheckpoint.save(ctx.trialDir().resolve(name), weights, ownWeights, optimizer, average,
          new TrainingCheckpoint.State(epoch, optimizer.step(), seed, average == null ? null : average.updates()),
          family::writeCheckpointFiles, settings.reportFile(), report);
      if (settings.reportFile() != null && report != null) {
        Files.writeString(ctx.trialDir().resolve(settings.reportFile()), "epoch " + epoch + "\n" + report);
      }
      Double value = metrics.get(metric);
      if (value != null && Double.isFinite(value) && (best == null || goal.better(value, best))) {
        best = value;
        bestEpoch = epoch;
      }
      TrainingCheckpoint.retain(ctx.trialDir(), bestEpoch, epoch);
      if (!ctx.reportEpoch(epoch, (long) optimizer.step(), metrics, name)) {
        return;
      }
    }
  }

  /**
   * Trains one epoch; returns the mean training loss (NaN as soon as a step's loss is not finite, or when every
   * step's gradients were not finite).
   */
  private double trainEpoch(Trainer trainer, DecoupledAdamW optimizer, ExponentialMovingAverage average,
      Map<String, Parameter> parameters, List<Parameter> trainable, long seed, int epoch) {
    List<E> examples = new ArrayList<>(train);
    shuffle(examples, new SplittableRandom(seed * 31 + epoch));
    int batchSize = settings.batchSize();
    int accumulation = settings.accumulation();
    double lossSum = 0;
    int lossCount = 0;
    int steps = 0;
    skippedSteps = 0;
    for (int start = 0; start < examples.size() && !ctx.stopRequested(); ) {
      int groupEnd = Math.min(examples.size(), start + batchSize * accumulation);
      int micro = (groupEnd - start + batchSize - 1) / batchSize;
      try (NDManager step = trainer.getManager().newSubManager();
           GradientCollector collector = trainer.newGradientCollector()) {
        for (int b = start; b < groupEnd; b += batchSize) {
          B batch = family.batch(examples.subList(b, Math.min(groupEnd, b + batchSize)), step);
          NDList outputs = trainer.forward(family.trainingInputs(batch));
          NDArray loss = family.loss(outputs, batch);
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
      start = groupEnd;
      steps++;
      // The norm is taken with or without clipping (a max of 0 clips nothing): it is the finiteness check.
      if (!Double.isFinite(GradientClipping.clipParameters(trainable, settings.maxGradNorm()))) {
        skippedSteps++;
        // DJL clears the gradients in the optimizer step; a skipped one must clear them itself (a NaN would
        // otherwise be added to the next step's), and by copying zeros in, as NaN - NaN and NaN * 0 are NaN.
        GradientClipping.zeroParameters(trainable);
        continue;
      }
      lastRate = optimizer.currentRate();
      trainer.step();
      optimizer.advance();
      if (average != null) {
        Map<String, NDArray> weights = new LinkedHashMap<>();
        parameters.forEach((k, p) -> weights.put(k, p.getArray()));
        average.update(weights);
      }
    }
    return lossCount == 0 || (steps > 0 && skippedSteps == steps) ? Double.NaN : lossSum / lossCount;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  /** One pass over the validation examples in batches of {@code evalBatchSize}. */
  private Evaluator<E, B> evaluate(Trainer trainer) {
    Evaluator<E, B> evaluator = family.evaluator();
    for (int start = 0; start < val.size(); start += settings.evalBatchSize()) {
      List<E> chunk = val.subList(start, Math.min(val.size(), start + settings.evalBatchSize()));
      try (NDManager m = trainer.getManager().newSubManager()) {
        B batch = family.batch(chunk, m);
        NDList outputs = trainer.evaluate(family.inputs(batch));
        ctx.progress();
        evaluator.accept(chunk, batch, outputs);
      }
    }
    return evaluator;
  }

  /** Runs {@code action} with the averaged weights in the model, then puts the trained weights back. */
  private static <T> T withAverage(Map<String, Parameter> parameters, ExponentialMovingAverage average,
      java.util.function.Supplier<T> action) {
    Map<String, NDArray> trained = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, NDArray> e : average.state().entrySet()) {
        NDArray live = parameters.get(e.getKey()).getArray();
        trained.put(e.getKey(), live.duplicate());
        live.set(e.getValue().toByteBuffer());
      }
      return action.get();
    } finally {
      trained.forEach((k, v) -> {
        parameters.get(k).getArray().set(v.toByteBuffer());
        v.close();
      });
    }
  }
}
