package sweep.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a local directory into an {@link ArtifactStore} under a key prefix, like {@code aws s3 sync}: only new or
 * changed files are uploaded, several at once, each retried with backoff; the directory's {@link Manifest} is
 * written last. Nothing is deleted from the store.
 *
 * <p>A file is unchanged when the store holds an object of its size and the store's manifest records the same
 * SHA-256 for it. The SHA-256 is computed only when the manifest's size or modification time differ from the
 * file's, so a resync of an unchanged directory reads no file contents. A new or resized file is uploaded while it
 * is hashed for the manifest (the store checks the transfer with its own checksum). Files that are still being
 * written should not be synced; a sweep syncs a trial's directory after the trial has ended. A file whose name
 * cannot be a key (a control character, such as a newline) is left out and named in the {@link Report}, so one odd
 * file never fails the sync of the rest.
 */
public final class DirectorySync {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

  /**
   * What a sync did.
   *
   * @param skipped files left out because their names cannot be keys (a control character such as a newline), each
   *     as a printable relative path ({@link #printable})
   */
  public record Report(int files, int uploaded, long bytesUploaded, long bytesTotal, List<String> skipped) {
    public Report {
      skipped = List.copyOf(skipped);
    }

    public String summary() {
      return uploaded + " of " + files + " file(s) uploaded (" + bytesUploaded + " of " + bytesTotal + " bytes)"
          + (skipped.isEmpty() ? "" : "; left out " + skipped.size() + " whose name cannot be a key: "
              + String.join(", ", skipped));
    }
  }

  /** {@code name} quoted, with control characters as escapes ({@code \n}, {@code \u0001}), for a log line. */
  public static String printable(String name) {
    StringBuilder b = new StringBuilder("'");
    name.codePoints().forEach(c -> {
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.append('\'').toString();
  }

  private final ArtifactStore store;
  private final int parallel;
  private final int attempts;
  private final long backoffMillis;

  /**
   * @param parallel files uploaded at once
   * @param attempts tries per file (each already retried by the store's client) before the sync fails
   * @param backoffMillis wait before the second try, doubled for each further one
   */
  public DirectorySync(ArtifactStore store, int parallel, int attempts, long backoffMillis) {
    if (parallel < 1 || attempts < 1 || backoffMillis < 0) {
      throw new IllegalArgumentException("parallel and attempts must be >= 1, backoff >= 0");
    }
    this.store = store;
    this.parallel = parallel;
    this.attempts = attempts;
    this.backoffMillis = backoffMillis;
  }

  public DirectorySync(ArtifactStore store) {
    this(store, 8, 3, 1000);
  }

  /**
   * Syncs {@code dir} to {@code prefix} ({@code runs/sweep/trial-0001}, no trailing slash).
   *
   * @throws IOException if a file could not be uploaded after every attempt; the store's manifest is then left as
   *     it was
   */
  public Report sync(Path dir, String prefix) throws IOException {
    ArtifactStore.checkKey(prefix);
    String base = prefix + "/";
    Manifest previous = store.read(base + Manifest.NAME).flatMap(Manifest::parse).orElse(new Manifest(List.of()));
    Map<String, Manifest.Entry> known = previous.byPath();
    Map<String, Long> remote = store.objects(base).stream()
        .collect(Collectors.toMap(o -> o.key().substring(base.length()), StoredObject::size));
    List<Path> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path f : Manifest.files(dir)) {
      String rel = Manifest.relative(dir, f);
      try {
        ArtifactStore.checkKey(base + rel);
        files.add(f);
      } catch (IllegalArgumentException e) { // a newline in a file name: no store can hold it under that name
        skipped.add(printable(rel));
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warn("sync of {}: left out {} file(s) whose name cannot be a key: {}", dir, skipped.size(),
          String.join(", ", skipped));
    }
    AtomicLong uploadedBytes = new AtomicLong();
    int[] uploaded = {0};
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, files.size())), r -> {
      Thread t = new Thread(r, "sync");
      t.setDaemon(true);
      return t;
    });
    ExecutorService uploads = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, files.size())), r -> {
      Thread t = new Thread(r, "sync-upload");
      t.setDaemon(true);
      return t;
    });
    List<Manifest.Entry> entries = new ArrayList<>();
    try {
      List<Future<Manifest.Entry>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          String rel = Manifest.relative(dir, f);
          long size = Files.size(f);
          long modified = Files.getLastModifiedTime(f).toMillis();
          Manifest.Entry before = known.get(rel);
          boolean sameRemote = remote.containsKey(rel) && remote.get(rel) == size && before != null
              && before.size() == size;
          if (sameRemote && before.modifiedMillis() == modified) {
            return before;
          }
          String sha;
          if (store.localPath(base + rel).filter(p -> p.equals(f.toAbsolutePath().normalize())).isPresent()) {
            // the store is this directory: nothing to copy, only the manifest to write
            return new Manifest.Entry(rel, size, Checksums.sha256(f), modified);
          }
          if (sameRemote) {
            // touched since the last sync: unchanged if its content hashes the same
            sha = Checksums.sha256(f);
            if (before.sha256().equals(sha)) {
              return new Manifest.Entry(rel, size, sha, modified);
            }
            String known256 = sha;
            withRetries(base + rel, key -> store.put(key, f, known256));
          } else {
            // new or resized: upload and hash at once (the store checks the transfer itself)
            Future<?> upload = uploads.submit(() -> {
              withRetries(base + rel, key -> store.put(key, f, null));
              return null;
            });
            sha = Checksums.sha256(f);
            upload.get();
          }
          uploadedBytes.addAndGet(size);
          synchronized (uploaded) {
            uploaded[0]++;
          }
          return new Manifest.Entry(rel, size, sha, modified);
        }));
      }
      for (Future<Manifest.Entry> fu : futures) {
        entries.add(fu.get());
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof ExecutionException && c.getCause() != null) {
        c = c.getCause();
      }
      throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("sync of " + dir + " interrupted");
    } finally {
      pool.shutdownNow();
      uploads.shutdownNow();
    }
    Manifest manifest = new Manifest(entries);
    withRetries(base + Manifest.NAME, key -> store.putBytes(key, manifest.toJson()));
    Report r = new Report(files.size(), uploaded[0], uploadedBytes.get(), manifest.totalBytes(), skipped);
    LOG.debug("synced {} to {}/{}: {}", dir, store.describe(), prefix, r.summary());
    return r;
  }

  private interface Upload {
    void run(String key) throws IOException;
  }

  private void withRetries(String key, Upload upload) throws IOException {
    long wait = backoffMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        upload.run(key);
        return;
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw e;
        }
        LOG.warn("attempt {} of {} to upload {} failed ({}); retrying in {} ms", attempt, attempts, key,
            e.getMessage(), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while retrying " + key);
        }
        wait *= 2;
      }
    }
  }
}
