package sweep.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Text on its way out with the {@link Secrets} taken out: a line at a time (a secret is never split by a write in
 * the middle of a line), and whatever is pending at each flush.
 */
public final class RedactingWriter extends Writer {
  private final Writer out;
  private final Supplier<Secrets> secrets;
  private final StringBuilder line = new StringBuilder();

  /** @param secrets read at each line, so secrets installed later are taken out too */
  public RedactingWriter(Writer out, Supplier<Secrets> secrets) {
    this.out = out;
    this.secrets = secrets;
  }

  @Override
  public synchronized void write(char[] cbuf, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      line.append(cbuf[i]);
      if (cbuf[i] == '\n') {
        emit();
      }
    }
  }

  private void emit() throws IOException {
    out.write(secrets.get().redact(line.toString()));
    line.setLength(0);
  }

  @Override
  public synchronized void flush() throws IOException {
    if (line.length() > 0) {
      emit();
    }
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  /** The same for bytes (UTF-8), for {@link System#err} and {@link System#out}. */
  public static OutputStream stream(OutputStream out, Supplier<Secrets> secrets) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (b == '\n') {
          emit();
        }
      }

      private void emit() throws IOException {
        String text = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        out.write(secrets.get().redact(text).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public synchronized void flush() throws IOException {
        if (pending.size() > 0) {
          emit();
        }
        out.flush();
      }
    };
  }
}
