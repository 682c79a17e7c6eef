package sweep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.store.TrialLocation;

/** How a Slurm job's end is reported, from the states Slurm gives (no cluster: the states are made up here). */
class SlurmJobTest {
  @TempDir Path dir;

  private SlurmJob job() throws Exception {
    JobFiles files = JobFiles.of(dir, 1);
    files.reset();
    return new SlurmJob(7, 42, files, dir.resolve("trial.log"), new SlurmCli(Map.of()),
        new TrialLocation("slurm", "h", "{\"job\":42}", null));
  }

  private static SlurmCli.Job state(String state, Integer exit) {
    return new SlurmCli.Job(42, state, 0, "n1", "sweep.s.t7.a1", "c", exit);
  }

  private List<TrialMessage> ended(SlurmJob job, SlurmCli.Job state) throws Exception {
    java.util.ArrayDeque<TrialMessage> out = new java.util.ArrayDeque<>();
    job.update(state, out::add);
    return new ArrayList<>(out);
  }

  @Test
  void aJobPastItsTimeLimitTimesOut() throws Exception {
    SlurmJob job = job();
    assertThat(ended(job, state("TIMEOUT", null))).containsExactly(
        new TrialMessage.Exited(7, 124, false, "timed out: Slurm job 42 reached its time limit"));
    assertThat(job.logTail(1)).contains("time limit");
    assertThat(job.alive()).isFalse();
  }

  @Test
  void aJobOutOfMemoryFailsWithTheWordsTheRetryLooksFor() throws Exception {
    SlurmJob job = job();
    assertThat(ended(job, state("OUT_OF_MEMORY", null))).containsExactly(new TrialMessage.Exited(7, 137, false));
    assertThat(job.logTail(1)).contains("out of memory");
  }

  @Test
  void aJobCancelledOutsideSweepOrForgottenWithoutAnExitFileFails() throws Exception {
    assertThat(ended(job(), state("CANCELLED", null))).containsExactly(new TrialMessage.Exited(7, 143, false));
    SlurmJob forgotten = job();
    assertThat(ended(forgotten, null)).containsExactly(new TrialMessage.Exited(7, 1, false));
    assertThat(forgotten.logTail(1)).contains("without writing its exit status");
    assertThat(ended(job(), state("FAILED", 3))).as("accounting's exit code")
        .containsExactly(new TrialMessage.Exited(7, 3, false));
  }

  @Test
  void aPreemptedOrLostJobIsPreemptedAndTheExitFileWinsOverEverything() throws Exception {
    assertThat(ended(job(), state("PREEMPTED", null))).containsExactly(new TrialMessage.Exited(7, -1, true));
    assertThat(ended(job(), state("NODE_FAIL", null))).containsExactly(new TrialMessage.Exited(7, -1, true));
    SlurmJob finished = job();
    Files.writeString(JobFiles.of(dir, 1).exit(), "0\n");
    assertThat(ended(finished, state("NODE_FAIL", null))).containsExactly(new TrialMessage.Began(7),
        new TrialMessage.Exited(7, 0, false));
  }

  @Test
  void anAttemptTakenUpAgainIsNotSentWhatItHadAlreadyBeenSent() throws Exception {
    JobFiles files = JobFiles.of(dir, 1);
    SlurmJob first = job();
    assertThat(first.send("continue")).isTrue();
    assertThat(first.send("continue")).isTrue();
    // A new orchestrator takes the job up and judges its two replayed epochs again, then a third, new one.
    SlurmJob again = new SlurmJob(7, 42, files, dir.resolve("trial.log"), new SlurmCli(Map.of()),
        first.location());
    assertThat(again.send("continue")).isTrue();
    assertThat(again.send("continue")).isTrue();
    assertThat(Files.readAllLines(files.instructions())).containsExactly("continue", "continue");
    assertThat(again.send("stop")).isTrue();
    assertThat(Files.readAllLines(files.instructions())).containsExactly("continue", "continue", "stop");
  }

  @Test
  void aStateWithItsDecorationsIsItsWord() {
    assertThat(SlurmCli.baseState("CANCELLED by 0")).isEqualTo("CANCELLED");
    assertThat(SlurmCli.baseState("RUNNING+")).isEqualTo("RUNNING");
    assertThat(SlurmBackend.minutes(java.time.Duration.ofSeconds(61))).isEqualTo(2);
  }
}
