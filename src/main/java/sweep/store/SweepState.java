package sweep.store;

/** Life of a sweep. INTERRUPTED sweeps are carried on by {@code sweep run --resume}. */
public enum SweepState {
  RUNNING, COMPLETE, FAILED, INTERRUPTED
}
