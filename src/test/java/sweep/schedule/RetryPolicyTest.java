package sweep.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sweep.store.TrialState;
import sweep.train.Shrunk;
import sweep.train.TrainerBatch;

/** The retry policy as a pure function of how an attempt ended. */
class RetryPolicyTest {
  private static final Map<String, Object> PARAMS = Map.of("per_device_train_batch_size", 16L,
      "gradient_accumulation_steps", 2L, "learning_rate", 0.001);
  private static final RetryPolicy ONE_RETRY = new RetryPolicy(1, "val_f1", TrainerBatch::halved);

  /** An attempt that ran to its end (exit 0, metric reported); the tests change one thing at a time. */
  private static RetryPolicy.Ended ok() {
    return new RetryPolicy.Ended("#3", 1, PARAMS, 0, false, null, true, null, null, true, 6, 6, "checkpoint-6",
        "finished", "");
  }

  private static RetryPolicy.Ended with(RetryPolicy.Ended e, int attempts, int code, boolean preempted,
      String failure, boolean retryable, boolean reported, String log) {
    return new RetryPolicy.Ended(e.label(), attempts, e.params(), code, preempted, failure, retryable, e.stopReason(),
        e.pruneReason(), reported, e.lastEpoch(), e.epochs(), e.lastCheckpoint(), e.finishedMessage(), log);
  }

  @Test
  void anAttemptThatRanItsCourseEndsTheTrial() {
    assertThat(ONE_RETRY.decide(ok())).isEqualTo(new RetryPolicy.Decision.Finish(TrialState.COMPLETE,
        "ran 6 of 6 epochs"));
    RetryPolicy.Ended stopped = new RetryPolicy.Ended("#3", 1, PARAMS, 0, false, null, true,
        "no improvement for 2 epochs at epoch 4", null, true, 4, 6, null, null, "");
    assertThat(ONE_RETRY.decide(stopped)).isEqualTo(new RetryPolicy.Decision.Finish(TrialState.COMPLETE,
        "no improvement for 2 epochs at epoch 4"));
    RetryPolicy.Ended pruned = new RetryPolicy.Ended("#3", 1, PARAMS, 0, false, null, true, null,
        "below the median at epoch 2", true, 2, 6, null, null, "");
    assertThat(ONE_RETRY.decide(pruned)).isEqualTo(new RetryPolicy.Decision.Finish(TrialState.PRUNED,
        "below the median at epoch 2"));
  }

  @Test
  void aCrashIsRetriedFromItsCheckpointWhileAttemptsLast() {
    RetryPolicy.Ended crash = with(ok(), 1, 137, false, null, true, true, "line one\nKilled");
    assertThat(ONE_RETRY.decide(crash)).isEqualTo(new RetryPolicy.Decision.Requeue(
        "attempt 1 failed (exit code 137: line one Killed); retrying from checkpoint-6", null, null,
        "trial #3 failed (exit code 137: line one Killed); retrying"));
    assertThat(ONE_RETRY.decide(with(ok(), 2, 137, false, null, true, true, "Killed")))
        .isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED, "exit code 137: Killed"));
  }

  @Test
  void theReasonQuotesTheLastFiveLinesOfTheLog() {
    String log = String.join("\n", "a", "b", "c", "d", "e", "f", "g");
    assertThat(new RetryPolicy(0, "m", p -> Optional.empty()).decide(with(ok(), 1, 1, false, null, true, true, log)))
        .isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED, "exit code 1: c d e f g"));
  }

  @Test
  void outOfMemoryShrinksTheTrialWithoutCountingAnAttempt() {
    RetryPolicy.Ended oom = with(ok(), 5, 1, false, null, true, true,
        "java.lang.OutOfMemoryError: Java heap space\nat frame");
    RetryPolicy.Decision d = ONE_RETRY.decide(oom);
    Shrunk smaller = TrainerBatch.halved(PARAMS).orElseThrow();
    assertThat(d).isEqualTo(new RetryPolicy.Decision.Requeue("attempt 5 ran out of memory", smaller,
        "out of memory: retrying with per_device_train_batch_size 8, gradient_accumulation_steps 4 (same effective"
            + " batch)", "trial #3 out of memory: retrying with per_device_train_batch_size 8,"
            + " gradient_accumulation_steps 4 (same effective batch)"));
    // A task that cannot shrink a trial: an ordinary failure, under max_retries.
    RetryPolicy noShrink = new RetryPolicy(1, "val_f1", p -> Optional.empty());
    assertThat(noShrink.decide(oom)).isInstanceOf(RetryPolicy.Decision.Finish.class);
    assertThat(noShrink.decide(with(oom, 1, 1, false, null, true, true, "CUDA out of memory")))
        .isInstanceOf(RetryPolicy.Decision.Requeue.class).extracting("params").isNull();
  }

  @Test
  void whatWouldRecurIsNeverRetried() {
    RetryPolicy generous = new RetryPolicy(100, "val_f1", TrainerBatch::halved);
    assertThat(generous.decide(with(ok(), 1, 1, false, null, true, true, "No space left on device")))
        .isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED, "disk full: No space left on device"));
    assertThat(generous.decide(with(ok(), 1, 0, false, null, true, false, "")))
        .isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED, "never reported val_f1"));
    assertThat(generous.decide(with(ok(), 1, 0, false, "diverged: val_f1=NaN at epoch 2", false, true,
        "out of memory"))).isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED,
        "diverged: val_f1=NaN at epoch 2"));
  }

  @Test
  void aDeadlineKillIsAFailureLikeACrash() {
    String why = "no output or progress for 3s (heartbeat_timeout); killed";
    assertThat(ONE_RETRY.decide(with(ok(), 1, 137, false, why, true, true, "")))
        .isEqualTo(new RetryPolicy.Decision.Requeue("attempt 1 failed (" + why + "); retrying from checkpoint-6",
            null, null, "trial #3 failed (" + why + "); retrying"));
    assertThat(ONE_RETRY.decide(with(ok(), 2, 137, false, why, true, true, "")))
        .isEqualTo(new RetryPolicy.Decision.Finish(TrialState.FAILED, why));
  }

  @Test
  void aPreemptedAttemptIsRequeuedWhateverItsAttempts() {
    RetryPolicy none = new RetryPolicy(0, "val_f1", p -> Optional.empty());
    assertThat(none.decide(with(ok(), 9, 143, true, null, true, false, "")))
        .isEqualTo(new RetryPolicy.Decision.Requeue("attempt 9 was preempted; resumes from checkpoint-6", null, null,
            "trial #3 was preempted; requeued"));
  }

  /**
   * Every combination of how an attempt can end: a trial that ran its course is never retried, nothing that would
   * recur is retried, a retry never exceeds max_retries unless the task shrank it or it was preempted, and every
   * failure has a reason.
   */
  @Test
  void everyCombinationKeepsTheRules() {
    List<String> logs = List.of("", "OutOfMemoryError", "No space left on device");
    int cases = 0;
    for (int maxRetries : new int[] {0, 1, 3}) {
      RetryPolicy policy = new RetryPolicy(maxRetries, "val_f1", TrainerBatch::halved);
      for (int attempts = 1; attempts <= 5; attempts++) {
        for (int code : new int[] {0, 1, 137}) {
          for (boolean preempted : new boolean[] {false, true}) {
            for (String failure : new String[] {null, "killed"}) {
              for (boolean retryable : new boolean[] {false, true}) {
                for (boolean reported : new boolean[] {false, true}) {
                  for (String log : logs) {
                    RetryPolicy.Ended e = with(ok(), attempts, code, preempted, failure, retryable, reported, log);
                    RetryPolicy.Decision d = policy.decide(e);
                    cases++;
                    boolean clean = code == 0 && failure == null && reported && !preempted;
                    if (clean) {
                      assertThat(d).as(e.toString()).isEqualTo(new RetryPolicy.Decision.Finish(TrialState.COMPLETE,
                          "ran 6 of 6 epochs"));
                      continue;
                    }
                    if (d instanceof RetryPolicy.Decision.Requeue r) {
                      boolean shrunk = r.params() != null;
                      boolean byPreemption = preempted && failure == null;
                      assertThat(byPreemption || retryable).as(e.toString()).isTrue();
                      assertThat(byPreemption || shrunk || attempts <= maxRetries).as(e.toString()).isTrue();
                      assertThat(log.contains("No space") && !byPreemption && code != 0 && failure == null)
                          .as("a full disk is not retried: " + e).isFalse();
                      assertThat(!reported && code == 0 && failure == null && !byPreemption)
                          .as("a silent metric is not retried: " + e).isFalse();
                    } else {
                      RetryPolicy.Decision.Finish f = (RetryPolicy.Decision.Finish) d;
                      assertThat(f.state()).as(e.toString()).isEqualTo(TrialState.FAILED);
                      assertThat(f.reason()).as(e.toString()).isNotBlank();
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    assertThat(cases).isEqualTo(3 * 5 * 3 * 2 * 2 * 2 * 2 * 3);
  }

  @Test
  void outOfMemoryIsReadFromTheLogsEnd() {
    List<String> yes = List.of("java.lang.OutOfMemoryError: Java heap space", "CUDA out of memory. Tried to allocate",
        "RuntimeException: OUT OF MEMORY");
    List<String> no = new ArrayList<>(List.of("", "memory: fine", "exit code 1"));
    yes.forEach(l -> assertThat(RetryPolicy.outOfMemory(l)).as(l).isTrue());
    no.forEach(l -> assertThat(RetryPolicy.outOfMemory(l)).as(l).isFalse());
  }
}
