package sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.testing.BenchmarkSpec;
import sweep.testing.Cli;
import sweep.testing.SweepProcess;
import sweep.testing.Unshare;

/**
 * The read commands on a database they cannot write: a real read-only mount (a bind mount remounted read-only in a
 * mount namespace of the test's own, {@code unshare -rm}, so it holds even for root). status, trials and best read
 * it as they would a writable one; a promotion, which records its decision, says why it cannot.
 */
class ReadOnlyDatabaseTest {
  @TempDir Path dir;

  private static boolean canRemountReadOnly(Path dir) throws Exception {
    Path probe = Files.createDirectories(dir.resolve("probe"));
    return Unshare.works("mount --bind " + probe + " " + probe + " && mount -o remount,bind,ro " + probe);
  }

  @Test
  void statusTrialsAndBestReadADatabaseOnAReadOnlyMount() throws Exception {
    Assumptions.assumeTrue(canRemountReadOnly(dir), "unshare -rm cannot remount read-only here");
    Path data = Files.createDirectories(dir.resolve("data"));
    Path spec = BenchmarkSpec.write(dir.resolve("ro.yaml"), "ro", 0, "runs_dir: " + dir.resolve("runs") + "\n");
    Path db = data.resolve("sweep.db");
    Cli.Result ran = Cli.run("run", spec.toString(), "--db", db.toString());
    assertThat(ran.code()).as(ran.toString()).isZero();
    String expected = Cli.run("trials", "--db", db.toString(), "--json").out();

    String sweep = SweepProcess.command().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
    String script = "mount --bind " + data + " " + data + " && mount -o remount,bind,ro " + data
        + " && { touch " + data + "/probe 2>/dev/null && echo WRITABLE; "
        + sweep + " status --db " + db + " && echo STATUS-OK; "
        + sweep + " trials --db " + db + " --json > " + dir.resolve("trials.json") + " && echo TRIALS-OK; "
        + sweep + " best --db " + db + " --json > /dev/null && echo BEST-OK; "
        + sweep + " best --db " + db + " --promote; echo PROMOTE=$?; }";
    Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();

    assertThat(out).doesNotContain("WRITABLE").contains("sweep ro: COMPLETE").contains("STATUS-OK")
        .contains("TRIALS-OK").contains("BEST-OK").doesNotContain("\tat ");
    assertThat(Files.readString(dir.resolve("trials.json"))).isEqualTo(expected);
    assertThat(out).as("a promotion needs to write; it says so in one line").contains("PROMOTE=1")
        .contains("sweep: cannot write database " + db + ": it or its directory is read-only");
  }
}
