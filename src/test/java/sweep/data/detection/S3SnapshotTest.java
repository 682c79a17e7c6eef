package sweep.data.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import sweep.aws.AwsConfig;
import sweep.data.BadRowPolicy;
import sweep.data.source.DataSource;
import sweep.testing.LocalS3Proxy;

/** s3://BUCKET/PREFIX detection sources against S3Proxy: fetched once, reused while the listing is unchanged. */
@ExtendWith(LocalS3Proxy.class)
class S3SnapshotTest {
  @TempDir Path dir;

  @Test
  void fetchesOnceReusesAndRefetchesAChangedObject() throws Exception {
    Path src = dir.resolve("src");
    SyntheticForms.writeCoco(src, 3, 6);
    AwsConfig aws = new AwsConfig(LocalS3Proxy.env());
    String bucket = "detection-data";
    try (S3Client s3 = aws.s3()) {
      s3.createBucket(b -> b.bucket(bucket));
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          s3.putObject(b -> b.bucket(bucket).key("forms/v1/" + src.relativize(f)), RequestBody.fromFile(f));
        }
      }
      s3.putObject(b -> b.bucket(bucket).key("forms/v10/other"), RequestBody.fromString("not ours"));
      DataSource.S3Prefix source = new DataSource.S3Prefix(bucket, "forms/v1");
      Path data = dir.resolve("data");
      DetectionDataConfig config = new DetectionDataConfig(source, 2, 0, 0.5, BadRowPolicy.SKIP, List.of());

      S3Snapshot.Result first = S3Snapshot.fetch(source, data, s3);
      assertThat(first.downloaded()).isEqualTo(7);
      assertThat(first.listing()).extracting(S3Snapshot.Entry::key)
          .startsWith("annotations.json", "images/page-000000.png").hasSize(7);
      Path page = first.dir().resolve("images/page-000000.png");
      Files.setLastModifiedTime(page, FileTime.fromMillis(1_000_000));
      PreparedDetection p1 = DetectionData.prepare(config, data, LocalS3Proxy.env());
      assertThat(p1.loaded().bad().isEmpty()).isTrue();
      assertThat(p1.localDir()).isEqualTo(first.dir());

      S3Snapshot.Result second = S3Snapshot.fetch(source, data, s3);
      assertThat(second.downloaded()).isZero();
      assertThat(Files.getLastModifiedTime(page).toMillis()).isEqualTo(1_000_000);
      assertThat(Files.exists(data.resolve("s3-detection-data-forms_v1/listing.json"))).isTrue();

      SyntheticForms.writeCoco(dir.resolve("other"), 4, 1);
      s3.putObject(b -> b.bucket(bucket).key("forms/v1/images/page-000000.png"),
          RequestBody.fromFile(dir.resolve("other/images/page-000000.png")));
      S3Snapshot.Result third = S3Snapshot.fetch(source, data, s3);
      assertThat(third.downloaded()).isEqualTo(1);
      assertThat(Files.readAllBytes(page)).isEqualTo(Files.readAllBytes(dir.resolve("other/images/page-000000.png")));
      PreparedDetection p3 = DetectionData.prepare(config, data, LocalS3Proxy.env());
      assertThat(p3.hash()).isNotEqualTo(p1.hash());
    }
  }
}
