package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sweep.spec.Goal;
import sweep.store.Phase;
import sweep.store.TrialRecord;
import sweep.store.TrialState;

class PublishChoiceTest {
  private static TrialRecord trial(long id, Phase phase, Double value) {
    return new TrialRecord(id, 1, phase, phase == Phase.SEARCH ? 3 : 0, TrialState.COMPLETE, null, Map.of(), 7, 4,
        phase == Phase.SEARCH ? null : 1L, value == null ? null : 2, value, 4, 4, "checkpoint-4", "checkpoint-2",
        "/runs/x", null, 1, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
  }

  private static final TrialRecord SEARCH = trial(1, Phase.SEARCH, 0.5);

  @Test
  void theBetterOfRetrainAndSourceIsChosenUnderTheGoal() {
    PublishChoice worse = PublishChoice.of(SEARCH, Optional.of(trial(2, Phase.RETRAIN, 0.4)), "f1", Goal.MAXIMIZE);
    assertThat(worse.chosen().id()).isEqualTo(1);
    assertThat(worse.from()).isEqualTo("search");
    assertThat(worse.reason()).isEqualTo("published search trial #3 (f1=0.5 at epoch 2): the retrain (f1=0.4 at"
        + " epoch 2) ended worse (goal maximize)");
    PublishChoice lower = PublishChoice.of(SEARCH, Optional.of(trial(2, Phase.RETRAIN, 0.4)), "loss", Goal.MINIMIZE);
    assertThat(lower.chosen().id()).isEqualTo(2);
    assertThat(lower.from()).isEqualTo("retrain");
    assertThat(lower.reason()).contains("beats search trial #3");
  }

  @Test
  void aTieGoesToTheRetrainAndNoRetrainMeansTheSearchTrial() {
    PublishChoice tie = PublishChoice.of(SEARCH, Optional.of(trial(2, Phase.RETRAIN, 0.5)), "f1", Goal.MAXIMIZE);
    assertThat(tie.chosen().id()).isEqualTo(2);
    assertThat(tie.reason()).contains("ties search trial #3").endsWith("a tie goes to the retrain");
    assertThat(PublishChoice.of(SEARCH, Optional.empty(), "f1", Goal.MAXIMIZE).chosen()).isSameAs(SEARCH);
    assertThat(PublishChoice.of(SEARCH, Optional.of(trial(2, Phase.RETRAIN, null)), "f1", Goal.MINIMIZE).chosen())
        .as("a retrain without a value cannot be published").isSameAs(SEARCH);
  }
}
