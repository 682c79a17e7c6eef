package sweep.report.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files: each record is its length (8 bytes, little-endian),
 * the masked CRC32C of those 8 bytes (4 bytes, little-endian), the data, and the masked CRC32C of the data. The
 * CRC is {@link CRC32C}'s (Castagnoli); the mask is TensorFlow's: rotated right by 15 bits, plus {@link #MASK_DELTA}.
 */
public final class TfRecord {
  /** Added to the rotated CRC by the mask. */
  public static final int MASK_DELTA = 0xa282ead8;

  private TfRecord() {}

  /** Writes {@code data} as one record. */
  public static void write(OutputStream out, byte[] data) throws IOException {
    byte[] length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(length);
    out.write(littleEndian(maskedCrc(length, 0, length.length)));
    out.write(data);
    out.write(littleEndian(maskedCrc(data, 0, data.length)));
  }

  /** The masked CRC32C of {@code len} bytes of {@code b} from {@code off}. */
  public static int maskedCrc(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return mask((int) crc.getValue());
  }

  /** TensorFlow's mask of a CRC: {@code ((crc >>> 15) | (crc << 17)) + MASK_DELTA}, in 32 bits. */
  public static int mask(int crc) {
    return Integer.rotateRight(crc, 15) + MASK_DELTA;
  }

  private static byte[] littleEndian(int v) {
    return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
