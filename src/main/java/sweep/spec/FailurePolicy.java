package sweep.spec;

/**
 * What a sweep does about trials that crash: retry each up to {@code maxRetries} times from its last checkpoint
 * (default 1), and give up on the sweep once {@code maxFailedTrials} search trials have failed for good (0: never).
 * A diverged trial (NaN or infinite loss) and one that never reports the metric are not retried.
 */
public record FailurePolicy(int maxRetries, int maxFailedTrials) {
  public static final FailurePolicy DEFAULT = new FailurePolicy(1, 0);
}
