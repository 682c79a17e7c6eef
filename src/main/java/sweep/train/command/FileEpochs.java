package sweep.train.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.train.TrialContext;

/**
 * Watches the file a program logs its epochs to while it runs, and reports each epoch, with its checkpoint kept by
 * {@link CheckpointCapture}, to the orchestrator. Polled from one thread every {@link #INTERVAL_MILLIS} and once more
 * after the program exits.
 *
 * <p>When one poll finds several new epochs, only the last can have its named checkpoint files: the program has
 * overwritten them since the earlier ones. The file's modification time is read before its content, so a named file
 * newer than that holds a later epoch than any line read.
 */
final class FileEpochs {
  static final long INTERVAL_MILLIS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(FileEpochs.class);

  private final TrialContext ctx;
  private final MetricSource source;
  private final CheckpointCapture capture;
  private final Path metricsFile;

  FileEpochs(TrialContext ctx, MetricSource source, CheckpointCapture capture, Path metricsFile) {
    this.ctx = ctx;
    this.source = source;
    this.capture = capture;
    this.metricsFile = metricsFile;
  }

  /** Reports the epochs logged since the last call; returns how many. */
  synchronized int pollOnce() throws IOException {
    FileTime loggedAt = modified(metricsFile);
    List<ProgramEpoch> epochs = source.poll();
    for (int i = 0; i < epochs.size(); i++) {
      ProgramEpoch e = epochs.get(i);
      boolean last = i == epochs.size() - 1;
      String checkpoint = last || e.checkpoint() != null ? capture.capture(e, last ? loggedAt : FileTime.fromMillis(0))
          : null;
      if (!last && e.checkpoint() == null) {
        LOG.warn("epoch {} was read together with a later one: its checkpoint files were already overwritten",
            e.epoch());
      }
      ctx.reportEpochNoWait(e.epoch(), e.metrics(), checkpoint);
    }
    if (!epochs.isEmpty()) {
      ctx.progress();
    }
    return epochs.size();
  }

  /** Polls until {@code running} turns false (the program exited), then once more. */
  Thread start(java.util.function.BooleanSupplier running) {
    Thread t = new Thread(() -> {
      try {
        while (running.getAsBoolean()) {
          pollOnce();
          Thread.sleep(INTERVAL_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        LOG.warn("cannot read the program's epochs: {}", e.getMessage());
      }
    }, "command-epochs");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static FileTime modified(Path file) throws IOException {
    if (file == null) {
      return null;
    }
    try {
      return Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      return FileTime.fromMillis(0);
    }
  }
}
