package sweep.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sweep.prune.Curve;
import sweep.prune.EarlierTrials;
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

  /**
   * @param ended every trial started, as an earlier sweep's would be read the next night: complete ones, and the
   *     rest (pruned, or cut by the budget with what they reported) as pruned; those that reported nothing left out
   */
  public record Result(int spent, int trials, List<Step> trajectory, List<Ended> ended) {
    /** Adds {@code spent}, {@code trials} and {@code trajectory} ([spent, clean] pairs) to a benchmark record. */
    public ObjectNode addTo(ObjectNode o) {
      o.put("spent", spent);
      o.put("trials", trials);
      ArrayNode traj = o.putArray("trajectory");
      for (Step s : trajectory) {
        traj.addArray().add(s.spent()).add(s.clean());
      }
      return o;
    }

    /** The trials as a warm start the next night sees them: numbered -n..-1 in order, each of {@code weight}. */
    public EarlierTrials earlier(double weight) {
      List<Observation> observations = new ArrayList<>();
      List<Curve> curves = new ArrayList<>();
      for (int i = 0; i < ended.size(); i++) {
        Ended e = ended.get(i);
        int number = i - ended.size();
        observations.add(new Observation(number, e.params(), e.complete() ? Observation.State.COMPLETE
            : Observation.State.PRUNED, e.best(), e.values().size(), weight));
        curves.add(Curve.of(number, e.complete(), e.values()));
      }
      return new EarlierTrials(observations, curves);
    }
  }

  /** A trial as the run left it: its parameters, whether it completed, its best value and curve. */
  public record Ended(Map<String, Object> params, boolean complete, double best, Map<Integer, Double> values) {}

  /** The learning curves a run reports: the problem's own, or another night's ({@link Drift}). */
  public interface Curves {
    double noisy(Map<String, Object> params, long trialSeed, int epoch);

    double clean(Map<String, Object> params, int epoch);

    static Curves of(BenchProblem problem) {
      double noise = BenchmarkCurves.defaultNoise(problem.name());
      return new Curves() {
        @Override
        public double noisy(Map<String, Object> params, long trialSeed, int epoch) {
          return BenchmarkCurves.noisy(problem.name(), params, noise, trialSeed, epoch);
        }

        @Override
        public double clean(Map<String, Object> params, int epoch) {
          return BenchmarkCurves.clean(problem.name(), params, epoch);
        }
      };
    }
  }

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
    return run(problem, Curves.of(problem), sampler, pruner, seed, workers, maxTrials, maxEpochs,
        EarlierTrials.NONE);
  }

  /**
   * As {@link #run(BenchProblem, Sampler, Pruner, long, int, int, int)} on {@code curves}, warm-started from
   * {@code earlier} as a sweep is: the sampler sees them ahead of the run's trials, the pruner beside them.
   */
  public static Result run(BenchProblem problem, Curves curves, Sampler sampler, Pruner coldPruner, long seed,
      int workers, int maxTrials, int maxEpochs, EarlierTrials earlier) {
    Pruner pruner = earlier.pruner(coldPruner);
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
              pruner == null ? earlier.observations(seen) : pruner.history(n, seen, curves(trials)));
          double[] noisy = new double[problem.epochs()];
          for (int e = 1; e <= noisy.length; e++) {
            noisy[e - 1] = curves.noisy(params, Seeds.trial(seed, n), e);
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
          trajectory.add(new Step(spent, curves.clean(t.params, e)));
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
        List<Ended> left = new ArrayList<>();
        for (Trial t : trials) {
          if (!t.values.isEmpty()) {
            left.add(new Ended(t.params, t.state == Observation.State.COMPLETE, t.best, t.values));
          }
        }
        return new Result(spent, trials.size(), trajectory, left);
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
