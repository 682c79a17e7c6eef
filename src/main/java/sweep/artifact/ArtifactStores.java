package sweep.artifact;

import java.nio.file.Path;
import java.util.Map;
import sweep.aws.AwsConfig;

/** Opens the {@link ArtifactStore} a location names: {@code s3://BUCKET/PREFIX}, else a local directory. */
public final class ArtifactStores {
  private ArtifactStores() {}

  public static boolean isS3(String location) {
    return location.startsWith("s3://");
  }

  public static ArtifactStore open(String location, Map<String, String> env) {
    if (isS3(location)) {
      return new S3ArtifactStore(S3ArtifactStore.Location.parse(location), new AwsConfig(env));
    }
    return new LocalArtifactStore(Path.of(location));
  }
}
