package sweep.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import sweep.artifact.ArtifactStore;
import sweep.artifact.StoredObject;

/** An {@link ArtifactStore} that passes every call to another: tests override the calls they make fail. */
public class ForwardingArtifactStore implements ArtifactStore {
  protected final ArtifactStore real;

  public ForwardingArtifactStore(ArtifactStore real) {
    this.real = real;
  }

  @Override
  public void put(String key, Path file, String sha256) throws IOException {
    real.put(key, file, sha256);
  }

  @Override
  public void putBytes(String key, byte[] content) throws IOException {
    real.putBytes(key, content);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) throws IOException {
    return real.putIfAbsent(key, content);
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    return real.read(key);
  }

  @Override
  public void copy(String from, String to) throws IOException {
    real.copy(from, to);
  }

  @Override
  public List<StoredObject> objects(String prefix) throws IOException {
    return real.objects(prefix);
  }

  @Override
  public String describe() {
    return real.describe();
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
