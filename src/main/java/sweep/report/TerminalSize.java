package sweep.report;

/** A terminal's size in character cells: {@code columns} wide, {@code rows} high (both at least 1). */
public record TerminalSize(int columns, int rows) {
  public TerminalSize {
    columns = Math.max(1, columns);
    rows = Math.max(1, rows);
  }
}
