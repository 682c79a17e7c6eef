package sweep.prune;

import java.util.List;
import java.util.Optional;
import sweep.search.Observation;

/**
 * Decides whether a running search trial should stop now because other trials show it is unpromising. A pruner
 * only decides: the orchestrator sends {@code stop}, and the trial ends PRUNED with its checkpoints and partial
 * curve kept.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #check} is a pure function of its arguments: the same curves give the same answer, whatever the
 *       order of {@code trials}, so a resumed sweep decides exactly as an uninterrupted one would.</li>
 *   <li>It judges {@code trial} after its last epoch ({@link Curve#lastEpoch}); a trial with no epoch is never
 *       pruned.</li>
 *   <li>{@code trials} holds every search trial of the sweep, in any state, and may include {@code trial} itself
 *       (an entry with the same number is ignored in favour of {@code trial}).</li>
 *   <li>A trial that is the only one with any values is never pruned, nor is a trial whose value is at least as
 *       good as every other trial's at every epoch it reported.</li>
 *   <li>Decisions follow the goal: negating every value and flipping the goal gives the same decision.</li>
 *   <li>{@link #history} returns a sub-list of the history it is given, in the same order, and is a pure function
 *       of the trial number, that history and the curves (in any order).</li>
 * </ul>
 */
public interface Pruner {

  /** Why to stop {@code trial} after its last epoch (a sentence for the trial's reason), or empty to go on. */
  Optional<String> check(Curve trial, List<Curve> trials);

  /**
   * The observations a sampler should learn from when it proposes trial {@code number}, given the curves of every
   * search trial of the sweep ({@code curves}, as for {@link #check}): all of them by default. A pruner that judges
   * trials in separate groups (hyperband's brackets) may leave out curves another group cut, where they would
   * mislead.
   */
  default List<Observation> history(int number, List<Observation> history, List<Curve> curves) {
    return history;
  }
}
