package sweep.train.command;

import java.nio.file.Path;
import java.util.Map;

/**
 * One epoch as a program's own files tell it.
 *
 * @param epoch the epoch, counted from 1
 * @param metrics every number the program logged for it, under sweep's names
 * @param checkpoint the program's checkpoint of this epoch (a file or directory it wrote), or null when the epoch's
 *     checkpoint is whatever the spec's {@code checkpoint.files} name
 */
record ProgramEpoch(int epoch, Map<String, Double> metrics, Path checkpoint) {
  ProgramEpoch {
    metrics = Map.copyOf(metrics);
  }
}
