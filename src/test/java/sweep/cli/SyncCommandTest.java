package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.testing.Cli;

/** {@code sweep sync}: a directory mirrored into a local store, and every way its arguments can be wrong. */
class SyncCommandTest {
  @TempDir Path dir;

  @Test
  void aDirectoryIsMirroredOnceThenNothingIsUploaded() throws Exception {
    Path src = dir.resolve("best");
    Files.createDirectories(src.resolve("sub"));
    Files.writeString(src.resolve("config.json"), "{}");
    Files.writeString(src.resolve("sub/model.bin"), "weights");
    String dest = dir.resolve("store/runs/n/best").toString();
    Cli.Result first = Cli.run("sync", src.toString(), dest);
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("2 of 2 file(s) uploaded");
    assertThat(dir.resolve("store/runs/n/best/sub/model.bin")).hasContent("weights");
    assertThat(dir.resolve("store/runs/n/best/manifest.json")).exists();
    Cli.Result again = Cli.run("sync", src.toString(), dest);
    assertThat(again.out()).startsWith("0 of 2 file(s) uploaded");
  }

  @Test
  void badArgumentsAreOneLineExitTwo() throws Exception {
    Files.createDirectories(dir.resolve("d"));
    String d = dir.resolve("d").toString();
    String[][] cases = {
        {dir.resolve("missing").toString(), dir.resolve("x").toString(), "no such directory"},
        {d, "s3://models", "give a prefix to sync under"},
        {d, "s3://models/a/../b", "the prefix must be a plain relative path"},
        {d, "s3://Bad_Bucket/p", "not a valid S3 bucket name"},
    };
    for (String[] c : cases) {
      Cli.Result r = Cli.run("sync", c[0], c[1]);
      assertThat(r.code()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().strip()).as(r.toString()).contains(c[2]).doesNotContain("\n");
    }
    Cli.Result parallel = Cli.run("sync", "--parallel", "0", d, dir.resolve("x").toString());
    assertThat(parallel.code()).isEqualTo(2);
    assertThat(parallel.err()).contains("--parallel must be between 1 and 256");
  }
}
