package sweep.store;

/** Life of a trial: PENDING -> RUNNING -> one of the finished states; RUNNING -> PENDING only when requeued. */
public enum TrialState {
  PENDING, RUNNING, COMPLETE, PRUNED, FAILED;

  public boolean finished() {
    return this == COMPLETE || this == PRUNED || this == FAILED;
  }
}
