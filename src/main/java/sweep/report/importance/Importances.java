package sweep.report.importance;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Parameter importances, most important first.
 *
 * @param ranked every searched parameter once, by importance (descending), ties by name
 * @param trials how many trials the importances were judged from (after skipping unusable ones, before any
 *     subsampling an evaluator documents)
 * @param assessed false when importance could not be judged (fewer than two usable trials, all values equal, no
 *     parameter that takes more than one value); then every importance is 0
 */
public record Importances(List<ParamImportance> ranked, int trials, boolean assessed) {

  /** One parameter's share of the explained variance, in [0, 1]. */
  public record ParamImportance(String name, double importance) {}

  public Importances {
    ranked = ranked.stream()
        .sorted(Comparator.comparingDouble(ParamImportance::importance).reversed()
            .thenComparing(ParamImportance::name))
        .toList();
  }

  /** Every parameter of {@code names} at importance 0, not assessed. */
  static Importances unassessed(List<String> names, int trials) {
    return new Importances(names.stream().map(n -> new ParamImportance(n, 0)).toList(), trials, false);
  }

  /** The most important parameter, or empty when not {@link #assessed()}. */
  public Optional<ParamImportance> top() {
    return assessed && !ranked.isEmpty() ? Optional.of(ranked.get(0)) : Optional.empty();
  }

  /** The importance of parameter {@code name}, or 0 when it is not listed. */
  public double of(String name) {
    return ranked.stream().filter(p -> p.name().equals(name)).mapToDouble(ParamImportance::importance)
        .findFirst().orElse(0);
  }
}
