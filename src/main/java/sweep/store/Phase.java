package sweep.store;

/** A search trial explores parameters; the retrain trial trains the best parameters for the full budget. */
public enum Phase {
  SEARCH, RETRAIN;

  public String word() {
    return name().toLowerCase();
  }
}
