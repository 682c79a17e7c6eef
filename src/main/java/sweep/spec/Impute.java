package sweep.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * W&B's {@code metric.impute} and {@code metric.impute_while_running}: the value a search sampler learns for a trial
 * that has no final value (a failed trial, or with {@code impute_while_running} a running one), as W&B's
 * {@code bayes_search.impute} computes it. With no value to take, 0, as W&B does.
 */
public enum Impute {
  /** The worst value any finished trial (complete, pruned or failed) reported at any epoch: keeps the search away. */
  WORST,
  /** The trial's own best value so far. */
  BEST,
  /** The trial's own last reported value. */
  LATEST;

  /** The word in a spec: {@code worst}, {@code best}, {@code latest}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Impute> fromWord(String word) {
    return Arrays.stream(values()).filter(v -> v.word().equals(word)).findFirst();
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(Impute::word).toList();
  }
}
