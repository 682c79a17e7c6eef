package sweep.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a file another machine appends lines to: each call returns the whole lines added since the last one, never
 * a line still being written. A missing file has no lines yet.
 */
final class LineTail {
  private final Path file;
  private long offset;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  LineTail(Path file) {
    this.file = file;
  }

  /** The complete lines appended since the last call, in order. */
  List<String> next() {
    List<String> lines = new ArrayList<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return lines;
      }
      in.seek(offset);
      byte[] buffer = new byte[(int) Math.min(length - offset, 1 << 20)];
      in.readFully(buffer);
      offset += buffer.length;
      for (byte b : buffer) {
        if (b == '\n') {
          lines.add(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
        } else {
          partial.write(b);
        }
      }
    } catch (IOException e) {
      // not there yet, or gone: no lines
    }
    return lines;
  }

  /** Every line left, the last one even without its newline (the writer has ended). */
  List<String> rest() {
    List<String> lines = new ArrayList<>();
    List<String> more;
    while (!(more = next()).isEmpty()) {
      lines.addAll(more);
    }
    if (partial.size() > 0) {
      lines.add(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
    }
    return lines;
  }
}
