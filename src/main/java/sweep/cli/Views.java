package sweep.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import sweep.backend.SlurmJobs;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.report.model.DataSummary;
import sweep.report.model.ReportBuilder;
import sweep.report.model.SweepSummary;
import sweep.report.model.TrialEntry;
import sweep.store.TrialRecord;

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
   * {@link #trial(SweepRecord, TrialRecord)} plus what the report's model adds: {@code marks}, what happened to the
   * trial ({@link TrialEntry#MARKS}: pruned, early-stopped, retried, ...), in that order.
   */
  static Map<String, Object> trial(SweepRecord s, TrialRecord t, TrialEntry e) {
    Map<String, Object> m = trial(s, t);
    m.put("marks", TrialEntry.MARKS.stream().filter(e.marks()::contains).toList());
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

  /** Whether {@code t} was cut short ({@link ReportBuilder#interrupted}). */
  static boolean interrupted(SweepRecord s, TrialRecord t) {
    return ReportBuilder.interrupted(s, t);
  }

  /** The state a person is shown ({@link ReportBuilder#shownState}). */
  static String shownState(SweepRecord s, TrialRecord t) {
    return ReportBuilder.shownState(s, t);
  }

  /** The sweep as the report's model heads it, without its counts. */
  static Map<String, Object> sweep(SweepSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sweep", s.name());
    m.put("state", s.state());
    m.put("reason", s.reason());
    m.put("metric", s.metric());
    m.put("goal", s.goal());
    m.put("spec_file", s.specFile());
    m.put("spec_hash", s.specHash());
    m.put("created_at", s.createdAt().toString());
    m.put("updated_at", s.updatedAt().toString());
    return m;
  }

  /** The data snapshot as the report's model has it. */
  static Map<String, Object> data(DataSummary d) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", d.source());
    data.put("snapshot", d.path());
    data.put("items", d.items());
    data.put("lines", d.lines());
    data.put("data_hash", d.hash());
    data.put("bad_rows", d.badRows());
    data.put("bad_rows_by_reason", d.badRowsByReason());
    data.put("at", d.at().toString());
    return data;
  }

  static TrialRecord source(Store store, TrialRecord t) {
    return t.sourceTrialId() == null ? t : store.trial(t.sourceTrialId());
  }
}
