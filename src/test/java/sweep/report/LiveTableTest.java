package sweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;
import sweep.testing.VirtualTerminal;

/** The live table on a terminal of a given size: drawn in place, never wrapped, its best the running best. */
class LiveTableTest {
  private final StringWriter written = new StringWriter();

  static TrialRecord trial(Phase phase, int number, TrialState state, Double best, Integer epoch) {
    Map<String, Object> params = new TreeMap<>(Map.of("learning_rate", 5.622207811522907E-5 * (number + 1),
        "per_device_train_batch_size", 16L, "gradient_accumulation_steps", 2L, "weight_decay", 0.012345678901,
        "warmup_ratio", 0.1));
    return new TrialRecord(number + 1, 1, phase, number, state, null, params, 9, 5, null, epoch, best, epoch, null,
        null, null, "/r", 7L, 1, Instant.EPOCH, Instant.EPOCH, null, Instant.EPOCH);
  }

  private LiveTable table(Goal goal, TerminalSize size) {
    return new LiveTable(new PrintWriter(written, true), Clock.systemUTC(), "val_score", goal, () -> size,
        List.of("weight_decay", "learning_rate"));
  }

  /** Twenty search trials and a retrain, each with epochs, as a sweep reports them. */
  private static void sweep(LiveTable t) {
    t.phase("search: 20 trials, random, up to 2 at once on cpu");
    Double best = null;
    for (int n = 0; n < 20; n++) {
      t.trialStarted(trial(Phase.SEARCH, n, TrialState.RUNNING, null, null));
      for (int e = 1; e <= 5; e++) {
        double v = 0.5 + 0.02 * n + 0.01 * e;
        best = best == null ? v : Math.max(best, v);
        t.epoch(trial(Phase.SEARCH, n, TrialState.RUNNING, v, e), e, v, best);
      }
      t.trialFinished(trial(Phase.SEARCH, n, TrialState.COMPLETE, 0.5 + 0.02 * n + 0.05, 5));
    }
    t.phase("retrain: trial #19 for 10 epochs");
    t.trialStarted(trial(Phase.RETRAIN, 0, TrialState.RUNNING, null, null));
    t.trialFinished(trial(Phase.RETRAIN, 0, TrialState.COMPLETE, 0.9, 7));
    t.phase("done: best val_score=0.95 (trial #19, epoch 5)");
  }

  @Test
  void atEightyByTwentyFourTheTableIsDrawnOnceAndWhatFollowsItStays() {
    VirtualTerminal screen = new VirtualTerminal(80, 24);
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(80, 24));
    sweep(t);
    t.close();
    written.write("sweep 'demo' complete: best val_score=0.95, checkpoint /x/best\n");
    t.close();
    List<String> lines = screen.write(written.toString()).history();
    assertThat(lines.stream().filter(l -> l.startsWith("trial  "))).as(String.join("\n", lines)).hasSize(1);
    assertThat(lines.get(lines.size() - 1)).startsWith("sweep 'demo' complete");
    assertThat(lines).contains("done: best val_score=0.95 (trial #19, epoch 5)");
    assertThat(lines).anyMatch(l -> l.startsWith("... ") && l.contains("earlier trial"));
    assertThat(lines).anyMatch(l -> l.startsWith("retrain  COMPLETE"));
  }

  @Test
  void linesWrittenToStandardErrorGoAboveTheTableWhichIsStillDrawnOnce() throws Exception {
    VirtualTerminal screen = new VirtualTerminal(80, 24);
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(80, 24));
    t.phase("search: 20 trials");
    try (java.io.PrintStream err = new java.io.PrintStream(new LinesAbove(t), true,
        java.nio.charset.StandardCharsets.UTF_8)) {
      for (int n = 0; n < 20; n++) {
        t.trialStarted(trial(Phase.SEARCH, n, TrialState.RUNNING, null, null));
        err.println("[main] WARN sweep - trial #" + n + ": could not delete old checkpoints");
        t.trialFinished(trial(Phase.SEARCH, n, TrialState.COMPLETE, 0.5, 5));
      }
      err.print("a last warning without its newline");
    }
    t.close();
    List<String> lines = screen.write(written.toString()).history();
    String shown = String.join("\n", lines);
    assertThat(lines.stream().filter(l -> l.startsWith("trial  "))).as(shown).hasSize(1);
    for (int n = 0; n < 20; n++) {
      assertThat(lines).as(shown).contains("[main] WARN sweep - trial #" + n + ": could not delete old checkpoints");
    }
    assertThat(lines).as(shown).contains("a last warning without its newline");
    assertThat(lines.get(lines.size() - 1)).as(shown).isEqualTo("search: 20 trials");
  }

  @Test
  void aRowShowsTheSearchedParametersFirstInTheSpecsOrder() {
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(80, 24));
    t.trialStarted(trial(Phase.SEARCH, 0, TrialState.RUNNING, null, null));
    String row = t.frame(new TerminalSize(200, 24)).get(1);
    assertThat(row).contains("weight_decay=0.01235 learning_rate=5.622e-05 gradient_accumulation_steps=2");
  }

  @Test
  void noLineReachesTheLastColumnAndTheFrameFitsTheScreen() {
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(40, 10));
    sweep(t);
    List<String> frame = t.frame(new TerminalSize(40, 10));
    assertThat(frame).hasSizeLessThanOrEqualTo(9).allMatch(l -> l.length() <= 39);
    assertThat(t.frame(new TerminalSize(200, 50))).hasSize(20 + 1 + 3).allMatch(l -> l.length() <= 199);
  }

  @Test
  void theBestIsTheSearchsRunningBestKeptAcrossTheRetrainWhichIsShownApart() {
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(200, 50));
    t.trialStarted(trial(Phase.SEARCH, 0, TrialState.RUNNING, null, null));
    t.trialStarted(trial(Phase.SEARCH, 1, TrialState.RUNNING, null, null));
    t.epoch(trial(Phase.SEARCH, 0, TrialState.RUNNING, 0.9, 1), 1, 0.9, 0.9);
    // the best of the finished trials and this one: lower than trial #0's, still running
    t.epoch(trial(Phase.SEARCH, 1, TrialState.RUNNING, 0.8, 1), 1, 0.8, 0.8);
    assertThat(bestLine(t)).isEqualTo("best val_score: search 0.9000 (trial #0)");
    t.trialStarted(trial(Phase.RETRAIN, 0, TrialState.RUNNING, null, null));
    t.epoch(trial(Phase.RETRAIN, 0, TrialState.RUNNING, 0.7, 1), 1, 0.7, 0.7);
    assertThat(bestLine(t)).isEqualTo("best val_score: search 0.9000 (trial #0) | retrain 0.7000");
  }

  @Test
  void whenSmallerIsBetterTheBestIsTheSmallest() {
    LiveTable t = table(Goal.MINIMIZE, new TerminalSize(200, 50));
    t.epoch(trial(Phase.SEARCH, 0, TrialState.RUNNING, 0.3, 1), 1, 0.3, 0.3);
    t.epoch(trial(Phase.SEARCH, 1, TrialState.RUNNING, 0.5, 1), 1, 0.5, 0.5);
    assertThat(bestLine(t)).isEqualTo("best val_score: search 0.3000 (trial #0)");
  }

  @Test
  void parametersAreShownToFourSignificantDigits() {
    LiveTable t = table(Goal.MAXIMIZE, new TerminalSize(200, 50));
    t.trialStarted(trial(Phase.SEARCH, 0, TrialState.RUNNING, null, null));
    assertThat(t.frame(new TerminalSize(200, 50)).get(1)).endsWith("weight_decay=0.01235 learning_rate=5.622e-05"
        + " gradient_accumulation_steps=2 per_device_train_batch_size=16 warmup_ratio=0.1");
  }

  @Test
  void valuesToFourSignificantDigits() {
    assertThat(Tables.value(5.622207811522907E-5)).isEqualTo("5.622e-05");
    assertThat(Tables.value(1.0E-5)).isEqualTo("1e-05");
    assertThat(Tables.value(0.012345678)).isEqualTo("0.01235");
    assertThat(Tables.value(1.0)).isEqualTo("1");
    assertThat(Tables.value(1234.5678)).isEqualTo("1235");
    assertThat(Tables.value(123456.0)).isEqualTo("1.235e+05");
    assertThat(Tables.value(-0.25)).isEqualTo("-0.25");
    assertThat(Tables.value(0.0)).isEqualTo("0");
    assertThat(Tables.value(32L)).isEqualTo("32");
    assertThat(Tables.value("adamw")).isEqualTo("adamw");
  }

  private static String bestLine(LiveTable t) {
    List<String> frame = t.frame(new TerminalSize(200, 50));
    return frame.get(frame.size() - 2);
  }
}
