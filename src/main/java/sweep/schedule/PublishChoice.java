package sweep.schedule;

import java.util.Optional;
import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;

/**
 * Which trial a sweep publishes as its model, and why: the retrain, or the search trial it retrained, whichever
 * reached the better best value of the sweep metric under the sweep's goal. A retrain runs longer on the same data
 * and can still end below its source (another seed's luck, overfitting, a schedule stretched over more epochs), and
 * the published model must never be worse than what the search found.
 *
 * <p>On a tie the retrain wins: it is the model the recipe asked for (retrain.epochs on the same data), and nothing
 * measured says it is worse. A retrain without a value (it cannot be published) is never chosen.
 *
 * @param chosen the trial whose best checkpoint is published
 * @param source the search trial the decision started from (the best of the search)
 * @param retrain the retrain of {@code source}, if there was one
 * @param reason one line a person can read: what was published and why
 */
public record PublishChoice(TrialRecord chosen, TrialRecord source, Optional<TrialRecord> retrain, String reason) {

  /** The event type under which the decision is recorded in the store's events, with {@link #reason} as message. */
  public static final String EVENT = "published";

  /** Whether the chosen trial is the retrain ({@code "retrain"}) or the search trial ({@code "search"}). */
  public String from() {
    return chosen.phase().word();
  }

  /**
   * @param source the best search trial (it has a best value)
   * @param retrain its retrain, when the sweep retrains (empty otherwise, or when none finished)
   */
  public static PublishChoice of(TrialRecord source, Optional<TrialRecord> retrain, String metric, Goal goal) {
    if (source.phase() != Phase.SEARCH || source.bestValue() == null) {
      throw new IllegalArgumentException("the source must be a search trial with a value, got " + source.label());
    }
    String searchText = "search trial " + source.label() + " (" + metric + "=" + source.bestValue() + " at epoch "
        + source.bestEpoch() + ")";
    if (retrain.isEmpty() || retrain.get().bestValue() == null) {
      return new PublishChoice(source, source, retrain, "published " + searchText + ": no retrain to compare with");
    }
    TrialRecord r = retrain.get();
    String retrainText = "the retrain (" + metric + "=" + r.bestValue() + " at epoch " + r.bestEpoch() + ")";
    if (goal.better(source.bestValue(), r.bestValue())) {
      return new PublishChoice(source, source, retrain, "published " + searchText + ": " + retrainText
          + " ended worse (goal " + goal.word() + ")");
    }
    boolean tie = r.bestValue().doubleValue() == source.bestValue().doubleValue();
    return new PublishChoice(r, source, retrain, "published " + retrainText + ": "
        + (tie ? "ties " : "beats ") + searchText + (tie ? "; a tie goes to the retrain" : ""));
  }
}
