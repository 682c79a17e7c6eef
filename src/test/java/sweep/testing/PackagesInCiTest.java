package sweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Debian package a test names with {@link NeedsPackage} is one {@code .ci/run} installs. */
class PackagesInCiTest {
  private static final Pattern TAG = Pattern.compile("@NeedsPackage\\(\"([^\"]+)\"\\)");
  private static final Pattern LIST = Pattern.compile("(?m)^packages=\\(([^)]*)\\)");

  @Test
  void everyPackageATestNeedsIsInstalledByCi() throws IOException {
    Set<String> needed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = TAG.matcher(Files.readString(f));
        while (m.find()) {
          needed.add(m.group(1));
        }
      }
    }
    Matcher list = LIST.matcher(Files.readString(Path.of(".ci/run")));
    assertThat(list.find()).as(".ci/run has a line packages=(...)").isTrue();
    List<String> installed = List.of(list.group(1).trim().split("\\s+"));
    assertThat(needed).contains("tmux");
    assertThat(installed).containsAll(needed);
  }

  @Test
  void aMissingPackageSkipsTheTestNamingIt() {
    var result = PackageCondition.evaluate("sweep-no-such-package");
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains("sweep-no-such-package"));
  }
}
