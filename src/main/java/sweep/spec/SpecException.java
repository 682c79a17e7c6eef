package sweep.spec;

/**
 * A sweep spec that cannot be used. The message is one line, {@code FILE:LINE:COL: key.path: what is wrong},
 * so an editor can jump to it; callers print it as is and exit with code 2.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;
  private final int column;
  private final String keyPath;
  private final String problem;

  public SpecException(String file, int line, int column, String keyPath, String problem) {
    super(file + ":" + line + ":" + column + ": " + keyPath + ": " + problem, null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  /** The same error reported under another key path. */
  public SpecException withPath(String newPath) {
    return new SpecException(file, line, column, newPath, problem);
  }

  public String file() { return file; }
  public int line() { return line; }
  public int column() { return column; }
  public String keyPath() { return keyPath; }
  public String problem() { return problem; }
}
