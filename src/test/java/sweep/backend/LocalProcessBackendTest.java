package sweep.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backend contract for trials as local child processes, and what only the local backend promises. */
class LocalProcessBackendTest extends TrialBackendContract {

  @Override
  TrialBackend backend(Path script, Path dir) {
    return new LocalProcessBackend(new TrialLauncher(script.toString(), "unused", List.of(), Map.of()));
  }

  @Test
  void aHandleNamesPidStartTimeAndTokenAndIsReadBack() {
    ProcessHandle me = ProcessHandle.current();
    LocalHandle h = LocalHandle.of(me, "abc123");
    assertThat(LocalHandle.decode(h.encode())).contains(h);
    assertThat(h.start()).isEqualTo(me.info().startInstant().orElse(null));
    assertThat(LocalHandle.decode("{\"job\":17}")).isEmpty();
    assertThat(LocalHandle.decode("not json")).isEmpty();
    // This JVM has the pid and the start time but not the token in its arguments: it is not the attempt.
    assertThat(h.find()).isEmpty();
  }

  @Test
  void aLegacyPidIsTheTrialOnlyWithThatTrialsConfigInItsArguments() throws Exception {
    // a program that keeps these arguments while it runs (a shell that exec'd sleep would lose them at once)
    Process other = new ProcessBuilder("python3", "-c", "import time; time.sleep(304)", "trial", "--config",
        "/elsewhere/trial.json").start();
    try {
      // Until the child has exec'd python it is still the JVM's spawn helper, with other arguments.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!other.info().arguments().map(a -> List.of(a).contains("/elsewhere/trial.json")).orElse(false)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(LocalHandle.findLegacy(other.pid(), Path.of("/runs/s/trial-0001/trial.json"))).isEmpty();
      assertThat(LocalHandle.findLegacy(other.pid(), Path.of("/elsewhere/trial.json"))).isPresent();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void tokensAreRandomAndNeverRepeat() {
    var tokens = LocalProcessBackend.randomTokens();
    assertThat(java.util.stream.Stream.generate(tokens).limit(1000).distinct().count()).isEqualTo(1000);
    assertThat(tokens.get()).matches("[0-9a-f]{32}");
  }

  @Test
  void aLocationOfAnotherBackendIsNotTouched() throws Exception {
    TrialBackend b = new LocalProcessBackend(new TrialLauncher("/bin/false", "", List.of(), Map.of()));
    assertThat(b.reattach(null, new sweep.store.TrialLocation("slurm", "h", "{\"job\":1}", null)))
        .isEqualTo(Optional.empty());
  }
}
