package sweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.prune.Curve;
import sweep.prune.Pruner;
import sweep.search.Observation;
import sweep.search.Sampler;
import sweep.search.Seeds;
import sweep.train.benchmark.BenchmarkCurves;

/**
 * A sweep over a benchmark problem's curves without processes: {@code workers} trials run in lockstep, one epoch
 * per tick each, and the same {@link Sampler} and {@link Pruner} classes the orchestrator uses decide what to run
 * and what to stop, from the same kind of history. Each tick, free workers first get new trials (in worker
 * order, each proposal seeing the trials started before it as running), then every busy worker trains one epoch
 * (in worker order) and is judged after it. The run ends after {@code maxTrials} trials have ended or when
 * {@code maxEpochs} epochs have been spent, whichever comes first. Trial {@code n} reports the noise of trial seed
 * {@code Seeds.trial(seed, n)}, as a real sweep of the same seed would.
 */
public final class SimulatedSweep {

  /** The best-reported epoch so far changed at {@code spent} epochs; {@code clean} is its noise-free score. */
  public record Step(int spent, double clean) {}

  public record Result(int spent, int trials, List<Step> trajectory) {}

  private static final class Trial {
    final int number;
    final Map<String, Object> params;
    final double[] noisy;
    final TreeMap<Integer, Double> values = new TreeMap<>();
    Observation.State state = Observation.State.RUNNING;
    double best = Double.NaN;

    Trial(int number, Map<String, Object> params, double[] noisy) {
      this.number = number;
      this.params = params;
      this.noisy = noisy;
    }
  }

  private SimulatedSweep() {}

  public static Result run(BenchProblem problem, Sampler sampler, Pruner pruner, long seed, int workers,
      int maxTrials, int maxEpochs) {
    double noise = BenchmarkCurves.defaultNoise(problem.name());
    List<Trial> trials = new ArrayList<>();
    Trial[] slots = new Trial[workers];
    List<Step> trajectory = new ArrayList<>();
    int spent = 0;
    int ended = 0;
    double incumbent = Double.NEGATIVE_INFINITY;
    while (true) {
      for (int w = 0; w < workers; w++) {
        if (slots[w] == null && trials.size() < maxTrials && spent < maxEpochs) {
          int n = trials.size();
          List<Observation> seen = observations(trials);
          Map<String, Object> params = sampler.propose(n,
              pruner == null ? seen : pruner.history(n, seen, curves(trials)));
          double[] noisy = new double[problem.epochs()];
          for (int e = 1; e <= noisy.length; e++) {
            noisy[e - 1] = BenchmarkCurves.noisy(problem.name(), params, noise, Seeds.trial(seed, n), e);
          }
          slots[w] = new Trial(n, params, noisy);
          trials.add(slots[w]);
        }
      }
      boolean busy = false;
      for (int w = 0; w < workers && spent < maxEpochs; w++) {
        Trial t = slots[w];
        if (t == null) {
          continue;
        }
        busy = true;
        int e = t.values.size() + 1;
        double v = t.noisy[e - 1];
        t.values.put(e, v);
        t.best = Double.isNaN(t.best) ? v : Math.max(t.best, v);
        spent++;
        if (v > incumbent) {
          incumbent = v;
          trajectory.add(new Step(spent, BenchmarkCurves.clean(problem.name(), t.params, e)));
        }
        if (e == problem.epochs()) {
          t.state = Observation.State.COMPLETE;
        } else if (pruner != null && pruner.check(curve(t), curves(trials)).isPresent()) {
          t.state = Observation.State.PRUNED;
        }
        if (t.state != Observation.State.RUNNING) {
          slots[w] = null;
          ended++;
        }
      }
      if (!busy || spent >= maxEpochs || ended >= maxTrials) {
        return new Result(spent, trials.size(), trajectory);
      }
    }
  }

  private static Curve curve(Trial t) {
    return new Curve(t.number, t.state == Observation.State.COMPLETE, t.values);
  }

  private static List<Curve> curves(List<Trial> trials) {
    List<Curve> out = new ArrayList<>(trials.size());
    for (Trial t : trials) {
      out.add(curve(t));
    }
    return out;
  }

  private static List<Observation> observations(List<Trial> trials) {
    List<Observation> out = new ArrayList<>(trials.size());
    for (Trial t : trials) {
      out.add(new Observation(t.number, t.params, t.state, t.best, t.values.size()));
    }
    return out;
  }
}
