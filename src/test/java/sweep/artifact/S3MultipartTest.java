package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.aws.AwsConfig;
import sweep.testing.LocalAws;

/** A file larger than a part goes up as a multipart upload (with the SDK's trailing checksums), against S3Mock. */
@ExtendWith(LocalAws.class)
class S3MultipartTest {
  @TempDir Path dir;

  @Test
  void aLargeFileGoesUpInPartsAndComesBackWhole() throws IOException {
    AwsConfig aws = new AwsConfig(LocalAws.env());
    try (S3Client s3 = aws.s3()) {
      s3.createBucket(b -> b.bucket("multipart"));
    }
    try (ArtifactStore store = new S3ArtifactStore(S3ArtifactStore.Location.parse("s3://multipart/sweeps"), aws)) {
      long size = S3ArtifactStore.PART_SIZE * 2 + 12345;
      Path big = dir.resolve("big.bin");
      byte[] content = ArtifactStoreContractTest.random((int) size, 7);
      Files.write(big, content);
      store.put("runs/s/t/big.bin", big);
      assertThat(store.objects("runs/s/t/")).containsExactly(new StoredObject("runs/s/t/big.bin", size));
      assertThat(store.read("runs/s/t/big.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }
  }
}
