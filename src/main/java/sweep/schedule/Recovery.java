package sweep.schedule;

import java.io.IOException;
import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import sweep.artifact.RunLayout;
import sweep.backend.RunningTrial;
import sweep.backend.TrialBackend;
import sweep.backend.TrialLaunch;
import sweep.store.Store;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/**
 * On resume, the trials an earlier orchestrator left RUNNING: each is found again through its backend by its
 * recorded location, every process of that attempt is ended (never a process that merely got its pid), and the
 * trial is requeued to resume from its last checkpoint. A backend able to carry a trial on
 * ({@link TrialBackend#reattach} returns it) has it ended too, for now: this orchestrator starts every attempt
 * it talks to itself.
 */
final class Recovery {
  private Recovery() {}

  /** @return how many trials were requeued */
  static int requeueLeftRunning(Store store, long sweepId, TrialBackend backend, RunLayout layout)
      throws IOException {
    int requeued = 0;
    for (TrialRecord t : store.trials(sweepId)) {
      if (t.state() != TrialState.RUNNING) {
        continue;
      }
      if (t.location() != null && t.location().backend().equals(backend.name())) {
        Optional<RunningTrial> carried = backend.reattach(launched(t, layout), t.location());
        carried.ifPresent(RunningTrial::kill);
      }
      store.requeueTrial(t.id(), "interrupted; resumes from "
          + (t.lastCheckpoint() == null ? "the start" : t.lastCheckpoint()));
      requeued++;
    }
    return requeued;
  }

  /**
   * The attempt as it was launched: its id, directory, config file, log and attempt number (a RUNNING trial's
   * attempts count the one that runs); its resources are not recorded.
   */
  static TrialLaunch launched(TrialRecord t, RunLayout layout) {
    Path dir = t.trialDir() != null ? Path.of(t.trialDir()) : layout.trialDir(t.dirName());
    return new TrialLaunch(t.id(), t.label(), dir.resolve(RunLayout.TRIAL_CONFIG), dir,
        dir.resolve(RunLayout.TRIAL_LOG), Map.of(), List.of(), List.of(), layout.sweep(), t.attempts());
  }
}
