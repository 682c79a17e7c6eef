package sweep.report.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import sweep.report.tensorboard.proto.Event;

/**
 * One event file, written whole: the {@code file_version} event first, then the given events, each a
 * {@link TfRecord}. The file is written beside its final name and moved over it, so a reader sees the old file or
 * the new one, never a part.
 */
final class EventFile {
  /** The version TensorBoard expects in an event file's first event. */
  static final String FILE_VERSION = "brain.Event:2";

  private EventFile() {}

  /**
   * The file's name in its run directory: TensorBoard reads files whose name holds {@code tfevents}; the time keeps
   * one run's files in order, and a fixed time (the run's creation) makes a rewrite replace the file.
   */
  static String name(Instant created) {
    return "events.out.tfevents." + created.getEpochSecond() + ".sweep";
  }

  /** Writes {@code events} to {@code file} (its directory made if missing), replacing what was there. */
  static void write(Path file, Instant created, List<Event> events) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(".events.partial"); // without "tfevents" in its name, TensorBoard skips it
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
      TfRecord.write(out, Event.newBuilder().setWallTime(seconds(created)).setFileVersion(FILE_VERSION).build()
          .toByteArray());
      for (Event e : events) {
        TfRecord.write(out, e.toByteArray());
      }
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** An instant as event files keep time: seconds since the UNIX epoch. */
  static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
