package sweep.report.tensorboard;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sweep.report.tensorboard.proto.Event;
import sweep.report.tensorboard.proto.Summary;
import sweep.spec.ParamSpec;
import sweep.store.EpochRecord;
import sweep.store.TrialRecord;

/**
 * A sweep's TensorBoard log directory ({@code runs/<sweep>/tb}), so that {@code tensorboard --logdir
 * runs/<sweep>/tb} shows one run, and one HParams row, per trial:
 *
 * <pre>
 * tb/events.out.tfevents.*.sweep                 the HParams experiment ({@link #writeExperiment})
 * tb/trial-0007/events.out.tfevents.*.sweep      a trial ({@link #writeTrial}); tb/retrain/ for the retrain
 * </pre>
 *
 * <p>A trial's file holds, in order: its session start (its parameters), one event per recorded epoch at that
 * epoch's step and time with a scalar per reported metric (the learning rate too, where the trial reports one; the
 * optimizer step count, kept among the metrics as {@link EpochRecord#STEP}, is not a scalar), and, once the trial
 * has finished, its session end (its status). Each call writes the file whole from the records it is given, so the
 * file always shows what the store holds (epochs a requeued trial forgot are gone from it too); while a trial only
 * gains epochs, each new file starts with the old one's bytes, which is what a TensorBoard reading the file as it
 * grows expects. Only the orchestrator calls this, from what it has recorded. No credential's value is written
 * (parameters, paths and names are masked as {@link sweep.util.Secrets#active} says).
 */
public final class SweepBoard {
  /** The log directory's name under the sweep's run directory. */
  public static final String DIR = "tb";

  private final Path dir;
  private final Map<String, ParamSpec> parameters;

  /**
   * @param dir the log directory ({@code runs/<sweep>/tb})
   * @param parameters the spec's parameters: the searched ones are the experiment's, with their domains, in this
   *     map's order (TensorBoard's column order)
   */
  public SweepBoard(Path dir, Map<String, ParamSpec> parameters) {
    this.dir = dir;
    this.parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters)); // spec order
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the HParams experiment into the log directory's own run: the searched parameters with their domains and
   * the sweep's metric. Writing it again with the same arguments writes the same bytes.
   *
   * @param created the sweep's creation, which also names the file
   */
  public void writeExperiment(String sweep, Instant created, String metric, String goal) throws IOException {
    Summary s = HParams.experiment(sweep, EventFile.seconds(created), parameters, metric,
        "sweep " + sweep + ": " + goal + " " + metric);
    EventFile.write(dir.resolve(EventFile.name(created)), created, List.of(event(created, 0, s)));
  }

  /** Writes a trial's file, under {@code tb/<trial's directory name>/}, from its record and its recorded epochs. */
  public void writeTrial(TrialRecord t, List<EpochRecord> epochs) throws IOException {
    List<Event> events = new ArrayList<>();
    events.add(event(t.createdAt(), 0, HParams.sessionStart(t.params(), parameters,
        t.trialDir() == null ? "" : t.trialDir(), EventFile.seconds(t.createdAt()))));
    for (EpochRecord e : epochs) {
      Summary.Builder s = Summary.newBuilder();
      e.metrics().forEach((name, v) -> {
        if (!name.equals(EpochRecord.STEP)) {
          s.addValue(Summary.Value.newBuilder().setTag(HParams.redacted(name)).setSimpleValue(v.floatValue()));
        }
      });
      events.add(event(e.at(), e.epoch(), s.build()));
    }
    if (t.state().finished()) {
      Instant end = t.endedAt() != null ? t.endedAt() : t.createdAt();
      int last = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
      events.add(event(end, last, HParams.sessionEnd(t.state(), EventFile.seconds(end))));
    }
    EventFile.write(dir.resolve(t.dirName()).resolve(EventFile.name(t.createdAt())), t.createdAt(), events);
  }

  private static Event event(Instant at, long step, Summary s) {
    return Event.newBuilder().setWallTime(EventFile.seconds(at)).setStep(step).setSummary(s).build();
  }
}
