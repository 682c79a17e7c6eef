package sweep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/** The launcher's start-up training runs the read commands on a real store and leaves SQLite's library. */
class StartupTrainingTest {
  @TempDir Path dir;

  @Test
  void runsTheReadCommandsAndCopiesTheSqliteLibrary() throws Exception {
    Path dist = dir.resolve("dist");
    Path work = Files.createDirectories(dir.resolve("work"));
    StartupTraining.main(new String[] {dist.toString(), work.toString()});
    assertThat(work.resolve("training.db")).isRegularFile();
    Path lib = dist.resolve("native").resolve(LibraryLoaderUtil.getNativeLibName());
    assertThat(lib).isRegularFile();
    try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath()
        + "/" + LibraryLoaderUtil.getNativeLibName())) {
      assertThat(Files.readAllBytes(lib)).isEqualTo(in.readAllBytes());
    }
  }
}
