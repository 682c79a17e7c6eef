package sweep.spec;

/**
 * How each search trial runs: its epoch budget and in-trial early stopping with Hugging Face semantics
 * ({@code patience} evaluations without an improvement larger than {@code threshold}; 0 turns it off).
 */
public record TrialSettings(int epochs, int earlyStoppingPatience, double earlyStoppingThreshold) {}
