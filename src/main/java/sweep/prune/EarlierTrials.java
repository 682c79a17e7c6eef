package sweep.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sweep.search.Observation;

/**
 * Finished search trials of earlier sweeps (a warm start), as tonight's sampler and pruner see them: each an
 * observation of weight {@code warm_start.weight} and a curve, numbered below 0 (oldest first) so that they sort
 * before tonight's trials and never share a number with one. The sampler gets them ahead of tonight's history
 * ({@link #observations}); a pruner gets their curves beside tonight's, unweighted ({@link #pruner}): the median
 * pruner counts the complete ones towards its startup trials and medians, hyperband places each in the bracket its
 * number draws and compares tonight's trials with them at every rung, and the sampler it feeds learns from them as
 * from tonight's (hyperband's {@link Pruner#history} leaves out those another bracket cut where cuts do not predict).
 */
public record EarlierTrials(List<Observation> observationList, List<Curve> curveList) {
  public static final EarlierTrials NONE = new EarlierTrials(List.of(), List.of());

  public EarlierTrials {
    observationList = List.copyOf(observationList);
    curveList = List.copyOf(curveList);
    for (Observation o : observationList) {
      if (o.number() >= 0) {
        throw new IllegalArgumentException("an earlier sweep's trial is numbered below 0, not " + o.number());
      }
    }
  }

  public boolean isEmpty() {
    return observationList.isEmpty();
  }

  /** These trials followed by {@code own} (tonight's, ordered by number): still ordered by number. */
  public List<Observation> observations(List<Observation> own) {
    return concat(observationList, own);
  }

  /** These trials' curves followed by {@code own}. */
  public List<Curve> curves(List<Curve> own) {
    return concat(curveList, own);
  }

  /** {@code pruner} judging and narrowing with these trials beside tonight's; null stays null. */
  public Pruner pruner(Pruner pruner) {
    if (pruner == null || isEmpty()) {
      return pruner;
    }
    return new Pruner() {
      @Override
      public Optional<String> check(Curve trial, List<Curve> trials) {
        return pruner.check(trial, curves(trials));
      }

      @Override
      public List<Observation> history(int number, List<Observation> history, List<Curve> curves) {
        return pruner.history(number, observations(history), curves(curves));
      }
    };
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    if (first.isEmpty()) {
      return second;
    }
    List<T> out = new ArrayList<>(first.size() + second.size());
    out.addAll(first);
    out.addAll(second);
    return out;
  }
}
