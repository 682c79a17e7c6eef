package sweep.report.importance;

import java.util.List;
import sweep.search.SearchSpace;

/**
 * How much each searched parameter matters to the sweep metric, judged from finished trials.
 *
 * <p>Contract:
 * <ul>
 *   <li>The result lists every searched parameter of {@code space} exactly once ({@link SearchSpace#searchedNames}),
 *       ordered by importance, most important first (ties by name). Importances are finite, at least 0, and sum to
 *       1 when {@link Importances#assessed()}; otherwise every one is 0.</li>
 *   <li>Only trials that have a value for every searched parameter, each inside its parameter's domain, and a finite
 *       {@link ScoredTrial#value()} are used; others are skipped and not counted in {@link Importances#trials()}.</li>
 *   <li>Bad input gives a defined result, never an exception: fewer than two usable trials, all values equal, or no
 *       parameter that can take more than one value give {@code assessed() == false} and all importances 0; a
 *       parameter that can take only one value (a one-value list, {@code min == max}) has importance 0.</li>
 *   <li>Deterministic: the same space and trials (in the same order) give the same result.</li>
 *   <li>The goal does not matter: importance is about variation of the value, which a sign flip leaves alone.</li>
 * </ul>
 */
public interface ImportanceEvaluator {

  /** The importance of each searched parameter of {@code space}, judged from {@code trials}. */
  Importances evaluate(SearchSpace space, List<ScoredTrial> trials);
}
