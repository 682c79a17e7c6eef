package sweep.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import sweep.backend.SlurmJobs;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

/** The JSON shapes commands print; every trial carries its {@code phase} so a retrain is never taken for a search trial. */
final class Views {
  private Views() {}

  static Map<String, Object> trial(TrialRecord t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trial", t.number());
    m.put("phase", t.phase().word());
    m.put("label", t.label());
    m.put("state", t.state().name());
    m.put("reason", t.reason());
    m.put("params", t.params());
    m.put("seed", t.seed());
    m.put("epochs", t.epochs());
    m.put("last_epoch", t.lastEpoch());
    m.put("best_epoch", t.bestEpoch());
    m.put("best_value", t.bestValue());
    m.put("best_checkpoint", t.bestCheckpoint() == null || t.trialDir() == null ? null
        : java.nio.file.Path.of(t.trialDir()).resolve(t.bestCheckpoint()).toString());
    m.put("trial_dir", t.trialDir());
    m.put("attempts", t.attempts());
    if (t.sourceTrialId() != null) {
      m.put("source_trial_id", t.sourceTrialId());
    }
    m.put("id", t.id());
    return m;
  }

  /**
   * {@link #trial(TrialRecord)} plus {@code interrupted}: true for a trial stored as RUNNING in a sweep that no
   * longer runs (stopped by a signal or killed). Its {@code state} stays the stored one; {@code sweep run --resume}
   * carries it on from its last checkpoint.
   */
  static Map<String, Object> trial(SweepRecord s, TrialRecord t) {
    Map<String, Object> m = trial(t);
    m.put("interrupted", interrupted(s, t));
    return m;
  }

  /**
   * {@code m} plus {@code job}: {@code {"id": ID, "state": STATE}} for a trial run as a Slurm job (its current
   * attempt's job, or its last one's), the state Slurm's word from {@code states} (null when Slurm no longer knows
   * the job); nothing for any other trial.
   */
  static Map<String, Object> withJob(Map<String, Object> m, TrialRecord t, Map<Long, String> states) {
    SlurmJobs.jobId(t.location()).ifPresent(id -> {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("id", id);
      job.put("state", states.get(id));
      m.put("job", job);
    });
    return m;
  }

  /** A trial's Slurm job as the tables show it ({@code 42 RUNNING}); empty for a trial run otherwise. */
  static String job(TrialRecord t, Map<Long, String> states) {
    return SlurmJobs.jobId(t.location()).map(id -> id + " " + states.getOrDefault(id, "(gone)")).orElse("");
  }

  /** Whether {@code t} was cut short: stored as RUNNING while its sweep is not running (interrupted, failed). */
  static boolean interrupted(SweepRecord s, TrialRecord t) {
    return t.state() == TrialState.RUNNING && s.state() != SweepState.RUNNING;
  }

  /** The state a person is shown: INTERRUPTED for an {@link #interrupted} trial, else the stored state. */
  static String shownState(SweepRecord s, TrialRecord t) {
    return interrupted(s, t) ? "INTERRUPTED" : t.state().name();
  }

  static Map<String, Object> sweep(SweepRecord s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sweep", s.name());
    m.put("state", s.state().name());
    m.put("reason", s.reason());
    m.put("metric", s.metric());
    m.put("goal", s.goal().word());
    m.put("spec_file", s.specFile());
    m.put("spec_hash", s.specHash());
    m.put("created_at", s.createdAt().toString());
    m.put("updated_at", s.updatedAt().toString());
    return m;
  }

  static TrialRecord source(Store store, TrialRecord t) {
    return t.sourceTrialId() == null ? t : store.trial(t.sourceTrialId());
  }
}
