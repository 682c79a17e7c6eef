package sweep.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sweep.backend.SlurmJobs;
import sweep.report.Tables;
import sweep.report.model.DataSummary;
import sweep.report.model.ReportBuilder;
import sweep.report.model.SweepSummary;
import sweep.store.Phase;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.util.Json;

/** {@code sweep status [SWEEP]}: where a sweep stands. */
final class StatusCommand extends ReadCommand {
  StatusCommand(Context context) {
    super(context, "status", "Show where a sweep stands: state, trials by state, best so far.");
  }

  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    // Counts and the few trials shown are read on their own: a sweep may hold many thousands of trials.
    SweepSummary summary = ReportBuilder.summary(store, s);
    List<TrialRecord> retrains = store.trials(s.id(), Phase.RETRAIN, Set.of());
    List<TrialRecord> running = new ArrayList<>(store.trials(s.id(), Phase.SEARCH, Set.of(TrialState.RUNNING)));
    running.addAll(retrains.stream().filter(t -> t.state() == TrialState.RUNNING).toList());
    List<TrialRecord> onSlurm = running.stream().filter(t -> SlurmJobs.jobId(t.location()).isPresent()).toList();
    Map<Long, String> jobs = jobStates(onSlurm);
    Map<String, Object> view = Views.sweep(summary);
    Map<String, Object> c = new LinkedHashMap<>();
    for (TrialState state : TrialState.values()) {
      String word = state.name().toLowerCase();
      c.put(word, summary.searchTrials().get(word));
    }
    view.put("search_trials", c);
    Optional<TrialRecord> best = store.bestTrial(s.id(), Phase.SEARCH);
    best.ifPresent(b -> view.put("best_search_trial", Views.trial(b)));
    retrains.stream().reduce((a, b) -> b).ifPresent(r -> view.put("retrain", Views.trial(s, r)));
    Optional<DataSummary> data = store.dataSnapshot(s.id()).map(ReportBuilder::data);
    data.ifPresent(d -> view.put("data", Views.data(d)));
    Map<String, Object> warm = Views.event(store, s, "warm_start");
    Map<String, Object> initial = Views.event(store, s, "initial_trials");
    if (warm != null) {
      view.put("warm_start", warm);
    }
    if (initial != null) {
      view.put("initial_trials", initial);
    }
    view.put("running", running.stream().map(TrialRecord::label).toList());
    if (!onSlurm.isEmpty()) {
      view.put("running_jobs", onSlurm.stream()
          .map(t -> Views.withJob(new LinkedHashMap<>(Map.of("label", t.label())), t, jobs)).toList());
    }
    boolean stopped = s.state() == SweepState.INTERRUPTED;
    List<String> cutShort = running.stream().filter(t -> Views.interrupted(s, t)).map(TrialRecord::label).toList();
    view.put("interrupted_trials", cutShort);
    if (stopped) {
      view.put("resume_command", ResumeCommand.of(s.specFile(), s.name(), db()));
    }
    if (json()) {
      out.println(Json.pretty(view));
      return;
    }
    out.println("sweep " + s.name() + ": " + s.state() + (s.reason() != null ? " (" + s.reason() + ")" : ""));
    out.println("metric " + s.metric() + " (" + s.goal().word() + "), spec " + s.specFile());
    data.ifPresent(d -> out.println("data " + d.source() + ": " + d.lines() + " line(s) of "
        + d.items() + ", hash " + d.hash() + ", " + d.badRows()));
    Map<String, Object> shown = new LinkedHashMap<>();
    c.forEach((k, v) -> shown.put(k.equals("running") && s.state() != SweepState.RUNNING ? "interrupted" : k, v));
    out.println("search trials: " + shown);
    best.ifPresent(b -> out.println("best search trial " + b.label() + ": "
        + s.metric() + "=" + Tables.number(b.bestValue()) + " at epoch " + b.bestEpoch() + " "
        + Tables.params(b.params())));
    retrains.stream().reduce((a, b) -> b).ifPresent(r -> out.println(
        "retrain: " + Views.shownState(s, r) + (r.bestValue() != null ? ", " + s.metric() + "=" + Tables.number(r.bestValue())
        + " at epoch " + r.bestEpoch() : "")));
    if (warm != null) {
      out.println("warm start: " + Views.warmStart(warm));
    }
    if (initial != null) {
      out.println("initial trials: " + Views.initialTrials(initial));
    }
    if (!onSlurm.isEmpty()) {
      out.println("slurm jobs: " + String.join(", ", onSlurm.stream().map(t -> t.label() + " " + Views.job(t, jobs))
          .toList()));
    }
    if (!cutShort.isEmpty()) {
      out.println("interrupted: " + String.join(", ", cutShort) + " (resume from their last checkpoints)");
    }
    if (stopped) {
      out.println(ResumeCommand.hint(s.specFile(), s.name(), db()));
    }
  }
}
