package sweep.train.command;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A program's output stream that counts as its sign of life: every read that brings bytes calls
 * {@code onBytes}, whether or not they end a line (a progress bar redraws with {@code \r} and no newline).
 */
final class ProgressInput extends FilterInputStream {
  private final Runnable onBytes;

  ProgressInput(InputStream in, Runnable onBytes) {
    super(in);
    this.onBytes = onBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      onBytes.run();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      onBytes.run();
    }
    return n;
  }
}
