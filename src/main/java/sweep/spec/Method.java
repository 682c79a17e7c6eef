package sweep.spec;

/** How the search proposes parameters. */
public enum Method {
  RANDOM, SOBOL, GRID, TPE;

  public String word() {
    return name().toLowerCase();
  }

  /** The method a spec word names: the enum's word, or {@code bayes} (W&B's name) for TPE; null if none. */
  public static Method fromWord(String word) {
    if (word.equals("bayes")) {
      return TPE;
    }
    for (Method m : values()) {
      if (m.word().equals(word)) {
        return m;
      }
    }
    return null;
  }
}
