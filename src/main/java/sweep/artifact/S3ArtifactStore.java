package sweep.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import sweep.aws.AwsConfig;
import sweep.util.BadInputException;

/**
 * An {@link ArtifactStore} under {@code s3://BUCKET/PREFIX}. Files of {@link #PART_SIZE} or more go up as
 * multipart uploads whose parts are sent in parallel; every upload carries a checksum that S3 checks (the file's
 * SHA-256 for a single-part upload; a CRC32 per part otherwise, cheap enough not to slow a large transfer), so a
 * corrupted transfer is refused rather than stored. A multipart upload that fails is aborted by the SDK, so no part becomes visible. Copies are
 * server-side.
 */
public final class S3ArtifactStore implements ArtifactStore {
  /** Uploads this large or larger are multipart, in parts of this size. */
  public static final long PART_SIZE = 16L << 20;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final String bucket;
  private final String prefix;
  private final AwsConfig aws;
  private final S3Client s3;
  private S3AsyncClient async;
  private io.netty.channel.EventLoopGroup eventLoop;

  /** A location {@code s3://BUCKET[/PREFIX]}, checked. */
  public record Location(String bucket, String prefix) {
    public static Location parse(String uri) {
      if (!uri.startsWith("s3://")) {
        throw new BadInputException("'" + uri + "' is not an s3://BUCKET/PREFIX location");
      }
      String rest = uri.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      while (prefix.endsWith("/")) {
        prefix = prefix.substring(0, prefix.length() - 1);
      }
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw new BadInputException("'" + uri + "': '" + bucket + "' is not a valid S3 bucket name (3-63 lower-case"
            + " letters, digits, dots and hyphens)");
      }
      if (!prefix.isEmpty()) {
        try {
          ArtifactStore.checkKey(prefix);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("'" + uri + "': the prefix must be a plain relative path (no '..', '.',"
              + " '//' or control characters)");
        }
      }
      return new Location(bucket, prefix);
    }

    @Override
    public String toString() {
      return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
  }

  public S3ArtifactStore(Location location, AwsConfig aws) {
    this.bucket = location.bucket();
    this.prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    this.aws = aws;
    this.s3 = aws.s3();
  }

  private String full(String key) {
    return prefix + ArtifactStore.checkKey(key);
  }

  private synchronized S3AsyncClient async() {
    if (async == null) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      eventLoop = new io.netty.channel.nio.NioEventLoopGroup(0, r -> {
        Thread t = new Thread(r, "s3-io-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      async = aws.s3Async(PART_SIZE, software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup.create(eventLoop));
    }
    return async;
  }

  @Override
  public void put(String key, Path file, String sha256) throws IOException {
    String k = full(key);
    long size = Files.size(file);
    PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(k);
    try {
      if (size < PART_SIZE) {
        String sha = sha256 != null ? sha256 : Checksums.sha256(file);
        s3.putObject(req.checksumSHA256(Checksums.hexToBase64(sha)).build(), RequestBody.fromFile(file));
      } else {
        async().putObject(req.checksumAlgorithm(ChecksumAlgorithm.CRC32).build(), AsyncRequestBody.fromFile(file))
            .join();
      }
    } catch (SdkException | CompletionException e) {
      throw failure("upload of " + file + " to", k, e);
    }
  }

  @Override
  public void putBytes(String key, byte[] content) throws IOException {
    String k = full(key);
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(k)
          .checksumSHA256(Checksums.hexToBase64(Checksums.sha256(content))).build(), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("upload to", k, e);
    }
  }

  /**
   * A conditional write ({@code If-None-Match: *}): S3 answers 412 when the key exists, and 409 when a concurrent
   * write to it is still in flight (that write may yet succeed: this call did not create the object either way).
   */
  @Override
  public boolean putIfAbsent(String key, byte[] content) throws IOException {
    String k = full(key);
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(k).ifNoneMatch("*")
          .checksumSHA256(Checksums.hexToBase64(Checksums.sha256(content))).build(), RequestBody.fromBytes(content));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw failure("conditional upload to", k, e);
    } catch (SdkException e) {
      throw failure("conditional upload to", k, e);
    }
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    String k = full(key);
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read of", k, e);
    }
  }

  @Override
  public void copy(String from, String to) throws IOException {
    String f = full(from);
    String t = full(to);
    try {
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(f).destinationBucket(bucket).destinationKey(t)
          .checksumAlgorithm(ChecksumAlgorithm.SHA256));
    } catch (SdkException e) {
      throw failure("copy of s3://" + bucket + "/" + f + " to", t, e);
    }
  }

  @Override
  public List<StoredObject> objects(String keyPrefix) throws IOException {
    List<StoredObject> out = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
        out.add(new StoredObject(o.key().substring(prefix.length()), o.size()));
      }
    } catch (SdkException e) {
      throw failure("listing of", prefix + keyPrefix, e);
    }
    out.sort(java.util.Comparator.comparing(StoredObject::key));
    return out;
  }

  private IOException failure(String what, String key, Exception e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return new IOException(what + " s3://" + bucket + "/" + key + " failed (" + aws.describe("S3") + "): "
        + cause.getMessage(), cause);
  }

  @Override
  public String describe() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  @Override
  public synchronized void close() {
    s3.close();
    if (async != null) {
      async.close();
      eventLoop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
