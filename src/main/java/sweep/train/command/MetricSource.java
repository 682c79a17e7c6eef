package sweep.train.command;

import java.io.IOException;
import java.util.List;

/**
 * Where a command trial's epochs come from when the program does not print them as JSON lines on stdout: a file it
 * writes as it trains. Implementations: {@link JsonLinesMetrics} (one JSON object per epoch appended to a file, as
 * RF-DETR's {@code log.txt}) and {@link TrainerStateMetrics} (the Hugging Face Trainer's {@code trainer_state.json}).
 *
 * <p>Contract: {@link #poll} is called from one thread, repeatedly while the program runs and once more after it
 * exits; each call returns the epochs completed since the previous call, in increasing epoch order, each epoch once,
 * none at or below the epoch the attempt resumed from, none written before the attempt started. A file that is being
 * written (a partial line, a half-written JSON document) is read again at the next call, never reported half.
 */
interface MetricSource {
  List<ProgramEpoch> poll() throws IOException;
}
