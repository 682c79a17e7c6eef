package sweep.report;

import sweep.store.TrialRecord;

/** Tells a person watching how a sweep goes. Called from the scheduler's single thread. */
public interface Progress extends AutoCloseable {

  void phase(String text);

  void trialStarted(TrialRecord trial);

  /** An epoch ended; {@code value} is the sweep metric (null if not reported), {@code sweepBest} the best so far. */
  void epoch(TrialRecord trial, int epoch, Double value, Double sweepBest);

  void trialFinished(TrialRecord trial);

  @Override
  void close();
}
