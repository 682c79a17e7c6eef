package sweep.artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where models are kept: a local directory ({@link LocalArtifactStore}) or an S3 bucket and prefix
 * ({@link S3ArtifactStore}). Keys are {@code /}-separated relative paths.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #put}, {@link #putBytes} and {@link #copy} make an object appear whole or not at all: a reader never
 *       sees part of one, and a failed call leaves any earlier object under that key as it was.
 *   <li>An object written by a call that returned is visible to every later {@link #read}, {@link #objects} and
 *       {@link #copy}, with the size written.
 *   <li>{@link #put} of a file stores exactly its bytes and verifies them end to end (the SHA-256 given, when one
 *       is; a checksum the server checks otherwise) before it returns.
 *   <li>Keys are validated with {@link #checkKey}: no {@code ..} or {@code .} segment, no leading or trailing
 *       {@code /}, no empty segment, no control characters. A bad key is an {@link IllegalArgumentException}
 *       before anything is written.
 *   <li>{@link #putIfAbsent} creates an object only where none is: of any number of calls for one key, from any
 *       number of processes and machines, exactly one returns true, and the object then holds its bytes. It is
 *       the one atomic step the store offers, on which promotion's compare-and-set rests.
 *   <li>Failures of the store itself (network, server, disk) are {@link IOException}s whose message says what
 *       failed and where, and never holds credentials.
 * </ul>
 */
public interface ArtifactStore extends Closeable {

  /** Uploads {@code file} to {@code key}. */
  default void put(String key, Path file) throws IOException {
    put(key, file, null);
  }

  /**
   * Uploads {@code file} to {@code key}; {@code sha256} (lower-case hex, or null) is the file's SHA-256 when the
   * caller knows it, so the store can check the bytes it received against it.
   */
  void put(String key, Path file, String sha256) throws IOException;

  void putBytes(String key, byte[] content) throws IOException;

  /**
   * Writes {@code content} to {@code key} only if no object has that key, atomically (see the contract).
   *
   * @return true if this call created the object; false if one was there (it is left as it was)
   */
  boolean putIfAbsent(String key, byte[] content) throws IOException;

  Optional<byte[]> read(String key) throws IOException;

  /** Copies the object at {@code from} to {@code to} (within the store; no bytes pass through this process on S3). */
  void copy(String from, String to) throws IOException;

  /** Objects under {@code prefix} (a plain string prefix of the key), with their sizes, sorted by key. */
  List<StoredObject> objects(String prefix) throws IOException;

  /** Keys under {@code prefix}, sorted. */
  default List<String> list(String prefix) throws IOException {
    return objects(prefix).stream().map(StoredObject::key).toList();
  }

  /** Where this store is ({@code /abs/path} or {@code s3://bucket/prefix}), for messages. */
  String describe();

  /** The local directory that holds {@code key}'s object, when this store is a local directory. */
  default Optional<Path> localPath(String key) {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}

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

  /**
   * A sweep or trial name made safe as one key segment: control characters, {@code /} and {@code \} become
   * {@code _}, and a name that is empty or only dots gets a leading {@code _}.
   */
  static String segment(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f || c == '/' || c == '\\' ? '_' : c));
    String s = b.toString();
    return s.isEmpty() || s.chars().allMatch(c -> c == '.') ? "_" + s : s;
  }
}
