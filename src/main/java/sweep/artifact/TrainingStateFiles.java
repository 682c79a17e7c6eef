package sweep.artifact;

import java.util.regex.Pattern;

/**
 * The files of a checkpoint that only resuming its training reads: optimizer moments, learning-rate scheduler,
 * gradient scaler and random-generator state, and the trained weights under an average, in sweep's layout
 * ({@code optimizer.safetensors}, {@code training_weights.safetensors},
 * {@code training_state.json}) and in the Hugging Face Trainer's ({@code optimizer.pt}, {@code scheduler.pt},
 * {@code scaler.pt}, {@code rng_state.pth}, {@code rng_state_<rank>.pth}). A published model ({@code best/}, a
 * production version) leaves them out: the optimizer state alone is about twice the model's size, and nothing reads
 * it from there. Trial directories keep them, since a resumed trial needs them.
 */
public final class TrainingStateFiles {
  private static final Pattern NAMES = Pattern.compile(
      "(optimizer|scheduler|scaler)\\.(pt|bin|safetensors)|rng_state(_\\d+)?\\.pth|training_state\\.json"
          + "|training_weights\\.safetensors");

  private TrainingStateFiles() {}

  /** Whether the file at {@code path} (relative, {@code /}-separated; its name decides) is training state. */
  public static boolean excluded(String path) {
    return NAMES.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
  }
}
