package sweep.schedule;

import java.io.IOException;
import java.util.Optional;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * On resume, the trials an earlier orchestrator left RUNNING, each found again through its backend by its recorded
 * location. An attempt the backend carries on ({@link TrialBackend#reattach} returns it) that is still pending or
 * running (a cluster's job) is handed back, for the {@link Dispatcher} to take up as it is: the trial stays RUNNING
 * and no second job is started. For every other trial every process of its attempt is ended (never a process that
 * merely got its pid) and the trial is requeued to resume from its last checkpoint; so is a carried attempt beyond
 * {@code slots} (a resume with a smaller {@code max_parallel}), and one that has ended (what it did while no
 * orchestrator listened, a {@code stop} of an interrupted run included, is not taken as its end).
 */
final class Recovery {
  private Recovery() {}

  /** @return the attempts carried on, by trial id, in trial order */
  static Map<Long, RunningTrial> recover(Store store, long sweepId, TrialBackend backend, RunLayout layout,
      int slots) throws IOException {
    Map<Long, RunningTrial> carried = new LinkedHashMap<>();
    for (TrialRecord t : store.trials(sweepId)) {
      if (t.state() != TrialState.RUNNING) {
        continue;
      }
      if (t.location() != null && t.location().backend().equals(backend.name())) {
        Optional<RunningTrial> run = backend.reattach(launched(t, layout), t.location());
        if (run.isPresent() && carried.size() < slots && run.get().alive()) {
          carried.put(t.id(), run.get());
          store.recordEvent(sweepId, t.id(), "reattached", "carried on: " + run.get().location().describe());
          continue;
        }
        run.ifPresent(RunningTrial::kill);
      }
      store.requeueTrial(t.id(), "interrupted; resumes from "
          + (t.lastCheckpoint() == null ? "the start" : t.lastCheckpoint()));
    }
    return carried;
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
