package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.aws.AwsConfig;
import sweep.testing.LocalS3Proxy;
import sweep.util.BadInputException;

/**
 * The contract against S3Proxy (which checks signatures and whose conditional writes hold under concurrency), plus
 * what only S3 has: bucket and prefix checks. (Multipart uploads are tested against S3Mock, in S3MultipartTest:
 * S3Proxy does not take the SDK's trailing checksums on parts.)
 */
@ExtendWith(LocalS3Proxy.class)
class S3ArtifactStoreTest extends ArtifactStoreContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @Override
  ArtifactStore open(Path dir) {
    String bucket = "contract-" + BUCKETS.incrementAndGet();
    AwsConfig aws = new AwsConfig(LocalS3Proxy.env());
    try (S3Client s3 = aws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    return new S3ArtifactStore(S3ArtifactStore.Location.parse("s3://" + bucket + "/sweeps/nightly"), aws);
  }

  @Test
  void objectsLiveUnderThePrefix() throws IOException {
    store.putBytes("a/b", new byte[] {1});
    AwsConfig aws = new AwsConfig(LocalS3Proxy.env());
    String bucket = store.describe().substring(5, store.describe().indexOf('/', 5));
    try (S3Client s3 = aws.s3()) {
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key())
          .containsExactly("sweeps/nightly/a/b");
    }
  }

  @Test
  void locationsAreChecked() {
    assertThat(S3ArtifactStore.Location.parse("s3://models/sweeps/").toString()).isEqualTo("s3://models/sweeps");
    assertThat(S3ArtifactStore.Location.parse("s3://models").prefix()).isEmpty();
    for (String bad : new String[] {"s3://", "s3://UPPER/x", "s3://a/x", "s3://models/../x", "s3://models//x",
        "s3://models/a/\u0001", "http://models/x"}) {
      assertThatThrownBy(() -> S3ArtifactStore.Location.parse(bad)).as(bad).isInstanceOf(BadInputException.class);
    }
  }

  @Test
  void aMissingBucketIsAClearError() {
    ArtifactStore missing = new S3ArtifactStore(S3ArtifactStore.Location.parse("s3://no-such-bucket/p"),
        new AwsConfig(LocalS3Proxy.env()));
    assertThatThrownBy(() -> missing.putBytes("k", new byte[] {1})).isInstanceOf(IOException.class)
        .hasMessageContaining("s3://no-such-bucket/p/k").hasMessageNotContaining("sweeptestsecret");
  }
}
