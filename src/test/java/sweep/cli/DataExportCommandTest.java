package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.data.detection.DetectionDirectory;
import sweep.data.detection.DetectionReadOptions;
import sweep.data.detection.LoadedDetection;
import sweep.testing.Cli;

/** {@code sweep data export synthetic-forms}, in-process. */
class DataExportCommandTest {
  @TempDir Path dir;

  @Test
  void writesCocoThatTheDirectorySourceReadsWithNoBadItems() {
    Path out = dir.resolve("forms");
    Cli.Result r = Cli.run("data", "export", "synthetic-forms", out.toString(), "--pages", "3", "--seed", "5");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("3 pages, ");
    assertThat(Files.isRegularFile(out.resolve("images/page-000002.png"))).isTrue();
    LoadedDetection back = DetectionDirectory.read(out, DetectionReadOptions.defaults());
    assertThat(back.bad().isEmpty()).isTrue();
    assertThat(back.dataset().images()).hasSize(3);
  }

  @Test
  void refusesANonEmptyDirectoryUnlessForced() throws Exception {
    Files.writeString(dir.resolve("x"), "");
    Cli.Result r = Cli.run("data", "export", "synthetic-forms", dir.toString(), "--pages", "1");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("sweep: " + dir + ": not empty; give --force to write into it\n");
    Cli.Result forced = Cli.run("data", "export", "synthetic-forms", dir.toString(), "--pages", "1", "--force");
    assertThat(forced.code()).as(forced.toString()).isZero();
    Cli.Result unknown = Cli.run("data", "export", "receipts", dir.resolve("y").toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("sweep: unknown data set 'receipts' (expected synthetic-forms)\n");
  }
}
