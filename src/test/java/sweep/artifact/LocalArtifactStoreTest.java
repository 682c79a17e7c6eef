package sweep.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalArtifactStoreTest extends ArtifactStoreContractTest {
  @Override
  ArtifactStore open(Path dir) {
    return new LocalArtifactStore(dir.resolve("store"));
  }

  @Test
  void syncingADirectoryInsideTheStoreOnlyWritesItsManifest() throws Exception {
    Path best = dir.resolve("store/runs/s/best");
    Files.createDirectories(best);
    Files.write(best.resolve("model.safetensors"), random(500, 3));
    DirectorySync.Report r = new DirectorySync(store).sync(best, "runs/s/best");
    assertThat(r.uploaded()).isZero();
    assertThat(r.files()).isEqualTo(1);
    Manifest m = Manifest.parse(Files.readAllBytes(best.resolve("manifest.json"))).orElseThrow();
    assertThat(m.byPath().get("model.safetensors").sha256()).isEqualTo(Checksums.sha256(random(500, 3)));
    assertThat(store.list("runs/s/best/")).containsExactly("runs/s/best/manifest.json",
        "runs/s/best/model.safetensors");
  }
}
