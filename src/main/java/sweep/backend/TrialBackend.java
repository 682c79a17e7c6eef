package sweep.backend;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import sweep.store.TrialLocation;

/**
 * Where trials run: local child processes today, a batch scheduler's jobs later. The orchestrator decides what runs
 * and when; a backend only starts, talks to, watches and ends trials, and never touches the store.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #start} hands a trial to the backend and returns at once with its {@link RunningTrial}, whose
 *       {@link RunningTrial#location() location} the orchestrator records before anything else happens. The trial
 *       may wait (a cluster's queue) before it runs: {@link TrialMessage.Began} says when it does, and only then do
 *       the start-up, silence and wall-time bounds start (the orchestrator's job, not the backend's).</li>
 *   <li>Everything a trial says reaches the orchestrator through {@link #poll}, in the order the trial said it,
 *       ending with exactly one {@link TrialMessage.Exited} per started trial: its exit code, or that it was
 *       preempted (a state the local backend never reports). Lines of output that are not events are written to
 *       the trial's log by the backend and also reported ({@link TrialMessage.Output}) as signs of life.</li>
 *   <li>{@link RunningTrial#send} delivers {@code continue} or {@code stop}: in order, each once, to the attempt
 *       it was started as (a pipe, a file the job reads: the backend's choice).</li>
 *   <li>{@link RunningTrial#kill} ends the trial and everything it started (its whole process tree, the job and
 *       its steps), at once and without grace, and returns once none of it runs; its {@link TrialMessage.Exited}
 *       still follows.</li>
 *   <li>{@link #reattach} takes up a trial that an earlier orchestrator started, from its recorded location. It
 *       either returns it, carrying on (the backend can talk to it again), or ends every process of that attempt
 *       it can find and returns empty, so the orchestrator can requeue it with nothing of the old attempt left to
 *       write into its directory. A trial carried on reports its attempt's messages again from the start; the
 *       instructions it had already been sent are the first ones sent to it again, and are not delivered twice. Identity is the handle, never a bare pid: a process that merely has the recorded
 *       pid (pids are reused, after a reboot or in another sweep) is not the trial and is left alone.</li>
 * </ul>
 *
 * <p>Not thread-safe unless an implementation says so: the orchestrator's dispatch thread calls it, except
 * {@link RunningTrial#send}, {@link RunningTrial#kill} and {@link RunningTrial#alive}, which its shutdown hook may
 * call too.
 */
public interface TrialBackend extends AutoCloseable {

  /** The name recorded with each trial's location ({@code local}). */
  String name();

  /**
   * Starts one attempt of a trial.
   *
   * @throws IOException when it cannot be started or submitted at all (then nothing of it runs)
   */
  RunningTrial start(TrialLaunch launch) throws IOException;

  /**
   * Takes up the attempt recorded at {@code where}, which an earlier orchestrator started; see the contract.
   *
   * @param launch the trial as it was launched (its id, directory, log; its environment and resources are not
   *     used)
   */
  Optional<RunningTrial> reattach(TrialLaunch launch, TrialLocation where) throws IOException;

  /**
   * Checks, before the sweep starts its first trial, what each trial needs where it runs that the orchestrator
   * cannot hand it (a cluster node's Java, sweep jar, DJL's native cache and data snapshot), and says what that is.
   *
   * @param dataSnapshot the sweep's data snapshot, or null for a task without one
   * @param env the orchestrator's environment
   * @return a line for the user saying what each place a trial runs needs; null for trials run here
   * @throws sweep.util.BadInputException naming, in one line, a need that cannot be met
   */
  default String checkNeeds(java.nio.file.Path dataSnapshot, java.util.Map<String, String> env) {
    return null;
  }

  /** The next message from any trial this backend runs, waiting up to {@code wait}; null if none came. */
  TrialMessage poll(Duration wait) throws InterruptedException;

  /** The next message already there, without waiting; null if none. */
  default TrialMessage pollNow() throws InterruptedException {
    return poll(Duration.ZERO);
  }

  /** Releases what the backend holds (not the trials: a running trial is the orchestrator's to stop). */
  @Override
  default void close() {}
}
