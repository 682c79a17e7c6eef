package sweep.artifact;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where models are kept: a local directory now, object storage later. Keys are {@code /}-separated relative
 * paths.
 *
 * <p>Contract: {@link #put} makes an object appear whole or not at all (a reader never sees part of it); a
 * {@link #put} that returned is visible to every later {@link #read} and {@link #list}; a failed {@link #put}
 * leaves any earlier object under that key as it was. Keys are validated: no {@code ..}, no leading {@code /},
 * no empty segment, no control characters.
 */
public interface ArtifactStore {

  void put(String key, Path file) throws IOException;

  void putBytes(String key, byte[] content) throws IOException;

  Optional<byte[]> read(String key) throws IOException;

  /** Keys under {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  /** Where this store is, for messages. */
  String describe();

  /** Throws {@link IllegalArgumentException} for a key that could escape the store or confuse a reader. */
  static String checkKey(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("bad artifact key '" + key + "'");
    }
    for (String part : key.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("bad artifact key '" + key + "'");
      }
    }
    if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("artifact key has control characters");
    }
    return key;
  }
}
