package sweep.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import sweep.artifact.RunLayout;
import sweep.report.Progress;
import sweep.store.DataSnapshot;
import sweep.store.Store;
import sweep.train.Prepared;
import sweep.train.TaskType;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * The sweep's data, fixed once: a recorded snapshot on resume (its local copy must still be there), else what the
 * task prepares now, recorded before any trial starts. A source that cannot be read fails the sweep.
 */
final class DataPreparation {
  private DataPreparation() {}

  /**
   * @param fail fails the sweep with a reason (called before the exception is thrown)
   * @return the task configuration trials receive
   */
  static JsonNode prepare(Store store, long sweepId, TaskType task, JsonNode taskConfig, RunLayout layout,
      Map<String, String> env, Progress progress, Consumer<String> fail) throws IOException {
    Optional<DataSnapshot> recorded = store.dataSnapshot(sweepId);
    if (recorded.isPresent()) {
      DataSnapshot d = recorded.get();
      if (d.path() != null && !Files.exists(Path.of(d.path()))) {
        String why = "the data snapshot " + d.path() + " that this sweep's trials train on is gone; start a new"
            + " sweep with --name to read " + d.source() + " again";
        fail.accept(why);
        throw new BadInputException(why);
      }
      return Json.tree(d.taskConfig());
    }
    Prepared prepared;
    try {
      prepared = task.prepare(taskConfig, layout.data(), env);
    } catch (RuntimeException | IOException e) {
      fail.accept("cannot read the data: " + e.getMessage());
      throw e;
    }
    DataSnapshot d = prepared.snapshot();
    if (d != null) {
      store.recordDataSnapshot(sweepId, d);
      String what = d.source() + ": " + d.lines() + " line(s) of " + d.items() + " row(s), data hash "
          + d.dataHash().substring(0, Math.min(12, d.dataHash().length())) + ", " + d.badRows()
          + (d.path() != null ? "; snapshot " + d.path() : "");
      store.recordEvent(sweepId, null, "data", what);
      progress.phase("data: " + what);
    }
    return prepared.taskConfig();
  }
}
