package sweep.report.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a TFRecord file without sweep's classes: the length (8 bytes, little-endian), its masked CRC32C, the data
 * and the data's masked CRC32C, every CRC computed by the JDK's {@link CRC32C} and masked as TensorFlow's
 * {@code crc32c::Mask} does. A bad CRC, a short record or trailing bytes is an {@link AssertionError} naming the
 * offset.
 */
final class RawRecords {
  private RawRecords() {}

  static List<byte[]> read(Path file) throws IOException {
    return read(Files.readAllBytes(file), file.toString());
  }

  static List<byte[]> read(byte[] bytes, String what) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      int at = b.position();
      check(b.remaining() >= 12, what, at, "a record's header is cut short");
      byte[] header = new byte[8];
      b.get(header);
      check(b.getInt() == masked(header), what, at, "the length's CRC does not match");
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      check(length >= 0 && length + 4 <= b.remaining(), what, at, "the data is cut short (length " + length + ")");
      byte[] data = new byte[(int) length];
      b.get(data);
      check(b.getInt() == masked(data), what, at, "the data's CRC does not match");
      out.add(data);
    }
    return out;
  }

  /** TensorFlow's masked CRC32C: rotate right by 15 bits and add 0xa282ead8. */
  static int masked(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    long c = crc.getValue();
    return (int) ((((c >>> 15) | (c << 17)) + 0xa282ead8L) & 0xffffffffL);
  }

  private static void check(boolean ok, String what, int offset, String why) {
    if (!ok) {
      throw new AssertionError(what + ": at byte " + offset + ": " + why);
    }
  }

  /** The bytes with one byte flipped, for the checks' own tests. */
  static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = Arrays.copyOf(bytes, bytes.length);
    copy[at] ^= 0x01;
    return copy;
  }
}
