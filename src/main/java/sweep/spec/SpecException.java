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
    super(file + ":" + line + ":" + column + ": " + oneLine(keyPath) + ": " + oneLine(problem), null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.keyPath = oneLine(keyPath);
    this.problem = oneLine(problem);
  }

  /** Text quoted from the spec (a block scalar, a quoted key) may hold line breaks; show them escaped. */
  private static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
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
