package sweep.cli;

import java.util.LinkedHashMap;
import java.util.List;
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

  /** The JSON message of the sweep's first event of {@code type} (warm_start, initial_trials), or null. */
  static Map<String, Object> event(Store store, SweepRecord s, String type) {
    return sweep.schedule.SearchStart.event(store, s, type);
  }

  /** A warm_start event as a line: {@code 57 trial(s) of a, b at weight 0.5, 3 dropped (outside the space)}. */
  static String warmStart(Map<String, Object> w) {
    List<String> names = new java.util.ArrayList<>();
    ((List<?>) w.getOrDefault("sweeps", List.of())).forEach(o -> names.add(String.valueOf(((Map<?, ?>) o)
        .get("name"))));
    if (names.isEmpty()) {
      return "from " + w.get("from") + ": no earlier sweep found, started cold";
    }
    Object dropped = w.get("dropped");
    return w.get("used") + " trial(s) of " + String.join(", ", names) + " at weight " + w.get("weight")
        + (dropped instanceof Number n && n.intValue() > 0 ? ", " + n + " dropped (outside the search space)" : "");
  }

  /** An initial_trials event as a line: {@code 2 from the spec (trials 0-1) {...} ...}, or why production was skipped. */
  @SuppressWarnings("unchecked")
  static String initialTrials(Map<String, Object> i) {
    List<Map<String, Object>> trials = (List<Map<String, Object>>) i.getOrDefault("trials", List.of());
    int n = trials.size();
    String source = "production".equals(i.get("source")) ? "the production model's parameters" : "the spec";
    if (n == 0) {
      return "none from " + source + ": " + i.get("skipped");
    }
    return n + " from " + source + " (trial" + (n == 1 ? " 0" : "s 0-" + (n - 1)) + ") "
        + sweep.report.Tables.params(new java.util.TreeMap<>(trials.get(0))) + (n > 1 ? " ..." : "");
  }

  static TrialRecord source(Store store, TrialRecord t) {
    return t.sourceTrialId() == null ? t : store.trial(t.sourceTrialId());
  }
}
