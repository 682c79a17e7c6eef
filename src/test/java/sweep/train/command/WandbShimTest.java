package sweep.train.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * sweep's {@code wandb} stand-in on its own: {@code wandb/test_shim.py} (config merging and locking, log's steps and
 * commits, the epochs printed, summary, define_metric, the no-op calls) run by the system's Python against the
 * module as the jar holds it.
 */
class WandbShimTest {

  static Path moduleRoot() throws Exception {
    return Path.of(WandbShimTest.class.getResource("/sweep/python/wandb/__init__.py").toURI()).getParent().getParent();
  }

  @Test
  void behavesAsTheWandbClientForWhatATrialNeeds() throws Exception {
    Path tests = Path.of(WandbShimTest.class.getResource("/wandb/test_shim.py").toURI()).getParent();
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "-v", "test_shim")
        .directory(tests.toFile()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", moduleRoot().toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Ran 11 tests").contains("OK");
  }
}
