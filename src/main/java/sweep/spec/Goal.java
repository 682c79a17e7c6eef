package sweep.spec;

/** Whether a larger or a smaller value of the sweep metric is better. */
public enum Goal {
  MINIMIZE, MAXIMIZE;

  /** True when {@code candidate} is strictly better than {@code incumbent}. */
  public boolean better(double candidate, double incumbent) {
    return this == MAXIMIZE ? candidate > incumbent : candidate < incumbent;
  }

  public String word() {
    return name().toLowerCase();
  }
}
