package sweep.report.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sweep.store.DataSnapshot;

/** The report model of a sweep with every kind of trial, held to what the sweep did. */
class ReportModelTest {
  static SweepReport report;

  @BeforeAll
  static void sweep() throws Exception {
    Path db = ReportSweep.shared();
    report = ReportSweep.report(db);
  }

  private static List<TrialEntry> search() {
    return report.trials().stream().filter(t -> !t.retrain()).toList();
  }

  @Test
  void trialsCarryTheirStatesMarksAndCurves() {
    assertThat(search()).extracting(TrialEntry::state).contains("COMPLETE", "PRUNED", "FAILED");
    for (TrialEntry t : report.trials()) {
      assertThat(t.marks().contains("pruned")).as(t.label()).isEqualTo(t.state().equals("PRUNED"));
      assertThat(t.marks().contains("failed")).as(t.label()).isEqualTo(t.state().equals("FAILED"));
      assertThat(t.marks().contains("early-stopped")).as(t.label())
          .isEqualTo(t.state().equals("COMPLETE") && t.lastEpoch() < t.epochs());
      if (t.marks().contains("out-of-memory")) {
        assertThat(t.marks()).contains("retried");
        assertThat(t.attempts()).isGreaterThan(1);
      }
      assertThat(t.curve()).hasSize(t.lastEpoch() == null ? 0 : t.lastEpoch());
    }
    assertThat(search()).anyMatch(t -> t.marks().contains("out-of-memory") && t.state().equals("COMPLETE"))
        .anyMatch(t -> t.marks().contains("early-stopped"));
    TrialEntry retrain = report.trials().get(report.trials().size() - 1);
    assertThat(retrain.retrain()).isTrue();
    assertThat(retrain.source()).isNotNull();
    assertThat(search()).anyMatch(t -> t.label().equals(retrain.source()) && t.params().equals(retrain.params()));
  }

  @Test
  void historyHoldsEachFinishedTrialAndTheBestSoFar() {
    List<TrialEntry> valued = search().stream().filter(t -> t.bestValue() != null
        && List.of("COMPLETE", "PRUNED").contains(t.state())).toList();
    assertThat(report.history()).extracting(HistoryPoint::label)
        .containsExactlyElementsOf(valued.stream().map(TrialEntry::label).toList());
    double best = Double.NEGATIVE_INFINITY;
    for (HistoryPoint h : report.history()) {
      best = Math.max(best, h.value());
      assertThat(h.best()).as(h.label()).isEqualTo(best);
    }
  }

  @Test
  void theSearchedParametersAreAxesOnTheirScales() {
    assertThat(report.parameters()).extracting(ParameterAxis::name, ParameterAxis::scale).containsExactly(
        org.assertj.core.groups.Tuple.tuple("learning_rate", "log"),
        org.assertj.core.groups.Tuple.tuple("per_device_train_batch_size", "category"),
        org.assertj.core.groups.Tuple.tuple("weight_decay", "linear"));
    assertThat(report.parameters().get(1).categories()).isSortedAccordingTo(
        (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    // fANOVA over the completed trials: every searched parameter once, the shares summing to 1
    assertThat(report.importance()).extracting(ParameterImportance::parameter)
        .containsExactlyInAnyOrder("learning_rate", "per_device_train_batch_size", "weight_decay");
    assertThat(report.importance().stream().mapToDouble(ParameterImportance::importance).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.importance()).isSortedAccordingTo(
        (a, b) -> Double.compare(b.importance(), a.importance()));
    System.out.println("report importance: " + report.importance());
  }

  @Test
  void everyAttemptIsOnASlotAndNoSlotRunsTwoAtOnce() {
    int attempts = report.trials().stream().mapToInt(TrialEntry::attempts).sum();
    List<Timeline.Span> spans = report.timeline().lanes().stream().flatMap(l -> l.spans().stream()).toList();
    assertThat(spans).hasSize(attempts);
    assertThat(report.timeline().lanes()).hasSizeLessThanOrEqualTo(2).allSatisfy(l -> {
      assertThat(l.utilisation()).isBetween(0.0, 1.0);
      for (int i = 1; i < l.spans().size(); i++) {
        assertThat(l.spans().get(i).start()).isAfterOrEqualTo(l.spans().get(i - 1).end());
      }
    });
    assertThat(spans).extracting(Timeline.Span::outcome).contains("out-of-memory", "failed", "complete", "pruned");
    long busy = spans.stream().mapToLong(s -> Duration.between(s.start(), s.end()).toMillis()).sum();
    long total = Duration.between(report.timeline().start(), report.timeline().end()).toMillis();
    double shares = report.timeline().lanes().stream().mapToDouble(Timeline.Lane::utilisation).sum();
    assertThat(shares).isCloseTo((double) busy / total, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void dataProvenanceAndPromotions() {
    assertThat(report.data().badRowsByReason()).containsExactly(Map.entry("length_mismatch", 9L),
        Map.entry("unknown_tag", 5L));
    assertThat(report.provenance().trial()).isEqualTo("retrain");
    assertThat(report.provenance().libraries()).containsKey("picocli");
    assertThat(report.promotions()).extracting(PromotionEntry::promoted).containsExactly(true, false);
    assertThat(report.promotions().get(1).message()).startsWith("not promoted");
  }

  @Test
  void badRowsAreCountedByReasonInEitherSummary() {
    DataSnapshot detection = new DataSnapshot("file:/data", null, 12, 9, "h",
        "3 bad: 2 box_outside_image, 1 missing_image", "{}", Instant.EPOCH);
    assertThat(ReportBuilder.data(detection).badRowsByReason()).containsExactly(Map.entry("box_outside_image", 2L),
        Map.entry("missing_image", 1L));
    DataSnapshot none = new DataSnapshot("synthetic", null, 5, 5, "h", "no bad rows", "{}", Instant.EPOCH);
    assertThat(ReportBuilder.data(none).badRowsByReason()).isEmpty();
  }
}
