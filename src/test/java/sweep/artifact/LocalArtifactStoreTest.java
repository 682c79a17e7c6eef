package sweep.artifact;

import java.nio.file.Path;

class LocalArtifactStoreTest extends ArtifactStoreContractTest {
  @Override
  ArtifactStore open(Path dir) {
    return new LocalArtifactStore(dir.resolve("store"));
  }
}
