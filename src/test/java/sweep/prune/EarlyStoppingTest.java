package sweep.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;

class EarlyStoppingTest {

  @Test
  void stopsAfterPatienceEvaluationsWithoutImprovement() {
    EarlyStopping es = new EarlyStopping(Goal.MAXIMIZE, 2, 0.0);
    assertThat(es.check(List.of(0.5))).isEmpty();
    assertThat(es.check(List.of(0.5, 0.6))).isEmpty();
    assertThat(es.check(List.of(0.5, 0.6, 0.6))).isEmpty();
    assertThat(es.check(List.of(0.5, 0.6, 0.6, 0.55))).isPresent();
  }

  @Test
  void improvementWithinThresholdCountsAsNoneButMovesTheBest() {
    EarlyStopping es = new EarlyStopping(Goal.MAXIMIZE, 2, 0.01);
    // 0.605 beats 0.6 by less than the threshold: counter 1; best becomes 0.605.
    assertThat(es.check(List.of(0.6, 0.605))).isEmpty();
    assertThat(es.check(List.of(0.6, 0.605, 0.61))).as("0.61 - 0.605 < 0.01: counter 2").isPresent();
    assertThat(es.check(List.of(0.6, 0.605, 0.62))).as("0.62 - 0.605 > 0.01: reset").isEmpty();
  }

  @Test
  void minimizeAndPatienceZero() {
    EarlyStopping es = new EarlyStopping(Goal.MINIMIZE, 1, 0.0);
    assertThat(es.check(List.of(1.0, 0.9))).isEmpty();
    assertThat(es.check(List.of(1.0, 0.9, 0.95))).isPresent();
    assertThat(new EarlyStopping(Goal.MINIMIZE, 0, 0.0).check(List.of(1.0, 2.0, 3.0, 4.0))).isEmpty();
  }

  @Test
  void aResetAfterAStallStartsTheCountAgain() {
    EarlyStopping es = new EarlyStopping(Goal.MAXIMIZE, 3, 0.0);
    assertThat(es.check(List.of(0.1, 0.1, 0.1, 0.2, 0.2, 0.2))).isEmpty();
    assertThat(es.check(List.of(0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2))).isPresent();
  }
}
