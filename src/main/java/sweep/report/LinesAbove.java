package sweep.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A byte stream whose lines go {@link LiveTable#above above a live table}: what the process would write to standard
 * error (log warnings) while the table is up. Bytes are kept until a newline; {@link #flush} leaves a partial line
 * waiting for its end, {@link #close} prints it.
 */
public final class LinesAbove extends OutputStream {
  private final LiveTable table;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public LinesAbove(LiveTable table) {
    this.table = table;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    table.above(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
