package sweep.train.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import sweep.util.Json;

/**
 * The safetensors format (8-byte little-endian header length, JSON header, raw little-endian data), read and
 * written here rather than through {@code NDList.decode/encode}: DJL aborts the JVM on a BF16 array and writes no
 * {@code __metadata__}. Reading converts F32, F16 and BF16 to F32 (BF16 by widening the bits, exact); writing is
 * F32 with {@code {"format": "pt"}} metadata and names sorted, as the Rust implementation writes them, so
 * {@code from_pretrained} reads it. Files are memory-mapped; tensors over 2 GiB are refused with a clear error.
 */
public final class Safetensors {
  private Safetensors() {}

  /** Reads every tensor of {@code file} as F32 arrays, by name. */
  public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > 100_000_000 || headerLen + 8 > ch.size()) {
        throw new IOException(file + " is not a safetensors file (header length " + headerLen + ")");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headerBuf, 8);
      JsonNode header = Json.mapper().readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLen;
      Map<String, NDArray> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = header.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        out.put(e.getKey(), tensor(ch, file, e.getKey(), e.getValue(), dataStart, manager));
      }
      return out;
    }
  }

  private static NDArray tensor(FileChannel ch, Path file, String name, JsonNode info, long dataStart,
      NDManager manager) throws IOException {
    String dtype = info.path("dtype").asText();
    long[] shape = new long[info.path("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = info.path("shape").get(i).asLong();
    }
    long begin = info.path("data_offsets").get(0).asLong();
    long end = info.path("data_offsets").get(1).asLong();
    long count = new Shape(shape).size();
    int width = switch (dtype) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      default -> throw new IOException(file + ": tensor " + name + " has dtype " + dtype
          + "; only F32, F16 and BF16 can be read");
    };
    if (end - begin != count * width || dataStart + end > ch.size()) {
      throw new IOException(file + ": tensor " + name + " has " + (end - begin) + " bytes for shape "
          + new Shape(shape) + " of " + dtype);
    }
    if (count * 4 > Integer.MAX_VALUE) {
      throw new IOException(file + ": tensor " + name + " is larger than 2 GiB");
    }
    MappedByteBuffer raw = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin);
    raw.order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) count];
    switch (dtype) {
      case "F32" -> raw.asFloatBuffer().get(values);
      case "BF16" -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = Float.intBitsToFloat((raw.getShort(i * 2) & 0xFFFF) << 16);
        }
      }
      default -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = halfToFloat(raw.getShort(i * 2));
        }
      }
    }
    // Copied into memory PyTorch owns: an array over a Java direct buffer dies with its first Java handle.
    NDArray array;
    try (NDArray view = manager.create(values, new Shape(shape))) {
      array = view.duplicate();
    }
    array.setName(name);
    return array;
  }

  /** IEEE 754 half precision to single precision, exact (subnormals, infinities and NaN included). */
  public static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Writes {@code tensors} as F32, names sorted, atomically (a temporary file renamed into place). */
  public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
    Map<String, NDArray> sorted = new TreeMap<>(tensors);
    ObjectNode header = Json.mapper().createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, NDArray> e : sorted.entrySet()) {
      NDArray a = e.getValue();
      if (a.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException("tensor " + e.getKey() + " is " + a.getDataType() + ", not float32");
      }
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : a.getShape().getShape()) {
        shape.add(d);
      }
      long bytes = a.getShape().size() * 4;
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(json);
      for (int i = json.length; i < padded; i++) {
        out.write(' ');
      }
      for (NDArray a : sorted.values()) {
        float[] values = a.toFloatArray();
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer fb = buf.asFloatBuffer();
        fb.put(values);
        out.write(buf.array());
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }
}
