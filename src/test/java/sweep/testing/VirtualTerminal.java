package sweep.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A terminal in miniature for checking what a program draws: a screen of {@code columns} x {@code rows} cells with
 * scrollback, that wraps at the right margin (as xterm and tmux do, the wrap deferred until the next character) and
 * understands newline (as a tty's output processing gives it: carriage return and line feed), carriage return, and
 * the CSI sequences {@code n A} (cursor up n lines, stopping at the top), {@code n F} (the same, to the start of the
 * line), {@code K} (erase to the end of the line) and {@code J} (erase below; from the top left corner, as tmux's
 * {@code scroll-on-clear} does, the screen is first copied to the scrollback). Other escape sequences fail the test
 * that uses it.
 */
public final class VirtualTerminal {
  private final int columns;
  private final int rows;
  private final List<StringBuilder> scrollback = new ArrayList<>();
  private final List<StringBuilder> screen = new ArrayList<>();
  private int row;
  private int column;
  private boolean pendingWrap;

  public VirtualTerminal(int columns, int rows) {
    this.columns = columns;
    this.rows = rows;
    for (int i = 0; i < rows; i++) {
      screen.add(new StringBuilder());
    }
  }

  /** Feeds output to the terminal. */
  public VirtualTerminal write(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\033') {
        int end = i + 2;
        while (end < text.length() && !Character.isLetter(text.charAt(end))) {
          end++;
        }
        csi(text.substring(i + 2, end), text.charAt(end));
        i = end;
      } else if (c == '\n') {
        column = 0;
        lineFeed();
      } else if (c == '\r') {
        column = 0;
        pendingWrap = false;
      } else {
        put(c);
      }
    }
    return this;
  }

  private void csi(String args, char command) {
    int n = args.isEmpty() ? 1 : Integer.parseInt(args);
    switch (command) {
      case 'A', 'F' -> {
        row = Math.max(0, row - n);
        column = command == 'F' ? 0 : column;
        pendingWrap = false;
      }
      case 'K' -> {
        StringBuilder line = screen.get(row);
        line.setLength(Math.min(line.length(), column));
      }
      case 'J' -> {
        if (row == 0 && column == 0) {
          screen.forEach(l -> scrollback.add(new StringBuilder(l)));
        }
        StringBuilder line = screen.get(row);
        line.setLength(Math.min(line.length(), column));
        for (int r = row + 1; r < rows; r++) {
          screen.get(r).setLength(0);
        }
      }
      default -> throw new AssertionError("unexpected escape sequence CSI " + args + command);
    }
  }

  private void put(char c) {
    if (pendingWrap) {
      column = 0;
      lineFeed();
    }
    StringBuilder line = screen.get(row);
    while (line.length() < column) {
      line.append(' ');
    }
    if (column < line.length()) {
      line.setCharAt(column, c);
    } else {
      line.append(c);
    }
    if (column == columns - 1) {
      pendingWrap = true;
    } else {
      column++;
    }
  }

  private void lineFeed() {
    pendingWrap = false;
    if (row == rows - 1) {
      scrollback.add(screen.remove(0));
      screen.add(new StringBuilder());
    } else {
      row++;
    }
  }

  /** Every line, scrollback then screen, as {@code tmux capture-pane -p -S -} gives them (trailing blanks cut). */
  public List<String> history() {
    List<String> all = new ArrayList<>();
    scrollback.forEach(l -> all.add(l.toString().stripTrailing()));
    screen.forEach(l -> all.add(l.toString().stripTrailing()));
    while (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
      all.remove(all.size() - 1);
    }
    return all;
  }
}
