package sweep.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ArtifactStore} in a local directory: each object is written to a temporary sibling and renamed into
 * place, so it appears whole or not at all.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private static final String TMP = ".tmp-";
  private final Path root;

  public LocalArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path path(String key) {
    return root.resolve(ArtifactStore.checkKey(key));
  }

  @Override
  public void put(String key, Path file, String sha256) throws IOException {
    Path target = path(key);
    if (file.toAbsolutePath().normalize().equals(target)) {
      return;
    }
    Path tmp = temporary(target);
    Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    if (sha256 != null && !sha256.equals(Checksums.sha256(tmp))) {
      Files.deleteIfExists(tmp);
      throw new IOException("copy of " + file + " to " + target + " does not match its SHA-256");
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void putBytes(String key, byte[] content) throws IOException {
    Path target = path(key);
    Path tmp = temporary(target);
    Files.write(tmp, content);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A hard link to a finished temporary file: link(2) fails when the name exists, so only one caller creates it. */
  @Override
  public boolean putIfAbsent(String key, byte[] content) throws IOException {
    Path target = path(key);
    Path tmp = temporary(target);
    Files.write(tmp, content);
    try {
      Files.createLink(target, tmp);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void copy(String from, String to) throws IOException {
    Path source = path(from);
    if (!Files.isRegularFile(source)) {
      throw new IOException("no object " + from + " in " + root);
    }
    put(to, source, null);
  }

  private static Path temporary(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    return target.resolveSibling(target.getFileName() + TMP + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().getId());
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    Path p = path(key);
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  /**
   * Walks only the directory the prefix lies in, and passes over files that vanish while it walks (another writer's
   * temporary file, renamed or deleted meanwhile).
   */
  @Override
  public List<StoredObject> objects(String prefix) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!start.normalize().startsWith(root) || !Files.isDirectory(start)) {
      return List.of();
    }
    List<StoredObject> out = new ArrayList<>();
    Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes attrs) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (attrs.isRegularFile() && key.startsWith(prefix) && !p.getFileName().toString().contains(TMP)) {
          out.add(new StoredObject(key, attrs.size()));
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    out.sort(java.util.Comparator.comparing(StoredObject::key));
    return out;
  }

  @Override
  public Optional<Path> localPath(String key) {
    return Optional.of(path(key));
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
