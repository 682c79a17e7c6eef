package sweep.spec;

/** How the search proposes parameters. */
public enum Method {
  RANDOM, SOBOL, GRID;

  public String word() {
    return name().toLowerCase();
  }
}
