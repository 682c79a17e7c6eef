package sweep.report.tensorboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A message as {@code protoc --decode_raw} (Debian's protobuf-compiler) reads it, with no schema: field numbers to
 * values, each value the text protoc printed (a varint in decimal, a fixed64 or fixed32 in hex, a quoted string) or a
 * nested message, which protoc prints wherever the bytes parse as one. Tests hold it to TensorBoard's field numbers.
 */
final class DecodedRaw {
  private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

  /** Runs {@code protoc --decode_raw} on the bytes. */
  static DecodedRaw decode(byte[] message) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("protoc", "--decode_raw").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(message);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("protoc --decode_raw failed: " + out);
    }
    Iterator<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).iterator();
    DecodedRaw root = parse(lines);
    if (lines.hasNext()) {
      throw new AssertionError("unbalanced protoc output: " + out);
    }
    return root;
  }

  private static DecodedRaw parse(Iterator<String> lines) {
    DecodedRaw m = new DecodedRaw();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.equals("}")) {
        return m;
      }
      if (line.endsWith(" {")) {
        m.add(Integer.parseInt(line.substring(0, line.length() - 2)), parse(lines));
      } else {
        int colon = line.indexOf(": ");
        m.add(Integer.parseInt(line.substring(0, colon)), line.substring(colon + 2));
      }
    }
    return m;
  }

  private void add(int field, Object value) {
    fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
  }

  /** The field numbers present, in the order protoc printed them. */
  java.util.Set<Integer> fieldNumbers() {
    return fields.keySet();
  }

  boolean has(int field) {
    return fields.containsKey(field);
  }

  List<Object> all(int field) {
    return fields.getOrDefault(field, List.of());
  }

  /** Each value of a repeated message field. */
  List<DecodedRaw> messages(int field) {
    return all(field).stream().map(v -> {
      if (v instanceof DecodedRaw d) {
        return d;
      }
      if (v.equals("\"\"")) {
        return new DecodedRaw(); // an empty message: protoc prints empty bytes
      }
      throw new AssertionError("field " + field + " is not a message: " + v);
    }).toList();
  }

  /** The one message in {@code field}. */
  DecodedRaw message(int field) {
    List<DecodedRaw> all = messages(field);
    if (all.size() != 1) {
      throw new AssertionError("field " + field + " holds " + all.size() + " values: " + this);
    }
    return all.get(0);
  }

  /** The message at a path of single fields. */
  DecodedRaw path(int... fieldPath) {
    DecodedRaw m = this;
    for (int f : fieldPath) {
      m = m.message(f);
    }
    return m;
  }

  private String one(int field) {
    List<Object> all = all(field);
    if (all.size() != 1 || !(all.get(0) instanceof String s)) {
      throw new AssertionError("field " + field + " is not one scalar: " + all + " in " + this);
    }
    return s;
  }

  /** A string (or bytes) field, unescaped. */
  String string(int field) {
    String s = one(field);
    if (!s.startsWith("\"") || !s.endsWith("\"")) {
      throw new AssertionError("field " + field + " is not a string: " + s);
    }
    return unescape(s.substring(1, s.length() - 1));
  }

  long varint(int field) {
    return Long.parseLong(one(field));
  }

  /** A fixed64 field as a double. */
  double float64(int field) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex(field, 16), 16));
  }

  /** A fixed32 field as a float. */
  float float32(int field) {
    return Float.intBitsToFloat(Integer.parseUnsignedInt(hex(field, 8), 16));
  }

  private String hex(int field, int digits) {
    String s = one(field);
    if (!s.startsWith("0x") || s.length() != 2 + digits) {
      throw new AssertionError("field " + field + " is not a fixed" + digits * 4 + ": " + s);
    }
    return s.substring(2);
  }

  private static String unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      char n = s.charAt(++i);
      if (n >= '0' && n <= '7') {
        int end = i;
        while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
          end++;
        }
        out.write(Integer.parseInt(s.substring(i, end), 8));
        i = end - 1;
      } else {
        out.write(switch (n) {
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          default -> n;
        });
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
