package sweep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sweep.cli.Context;
import sweep.cli.Main;

/**
 * Every file under {@code src/test/resources/specs/bad} is a broken sweep spec. Its first line says where and how
 * it is broken:
 *
 * <pre>
 * # expect: LINE:COL: key.path: substring of the message
 * </pre>
 *
 * {@code sweep plan FILE} must exit with code 2 and print exactly that one line to stderr (with the message
 * containing the substring), never a stack trace.
 */
class BrokenSpecsTest {
  static final Path DIR = Path.of("src", "test", "resources", "specs", "bad");
  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+): ([^:]+): (.+)$");

  static Stream<Path> brokenSpecs() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thereAreAtLeastFortyBrokenSpecs() throws IOException {
    assertThat(brokenSpecs().count()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void fileNamesAreNumberedAndUnique() throws IOException {
    List<String> names = brokenSpecs().map(p -> p.getFileName().toString()).toList();
    assertThat(names).allMatch(n -> n.matches("\\d{2,3}-[a-z0-9-]+\\.yaml"), "NN-short-name.yaml");
    assertThat(names.stream().map(n -> n.substring(0, n.indexOf('-')))).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSpecs")
  void brokenSpecIsOneLineExitTwo(Path spec) throws IOException {
    Expectation expected = expectation(spec);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new Context(Map.of(), Clock.systemUTC(), false), new PrintWriter(out),
        new PrintWriter(err), "plan", spec.toString());
    String stderr = err.toString();

    assertThat(stderr).as("stderr of %s", spec).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(code).as("exit code for %s; stderr: %s", spec, stderr).isEqualTo(Main.BAD_INPUT);
    assertThat(out.toString()).as("stdout of %s", spec).isEmpty();
    assertThat(stderr).as("stderr of %s ends with a line break", spec).endsWith(System.lineSeparator());
    List<String> lines = stderr.lines().toList();
    assertThat(lines).as("stderr of %s", spec).hasSize(1);
    String line = lines.get(0);

    Matcher m = Pattern.compile("^" + Pattern.quote(spec.toString()) + ":(\\d+):(\\d+): ([^:]+): (.+)$")
        .matcher(line);
    assertThat(m.matches()).as("'%s' has the form FILE:LINE:COL: key.path: what is wrong", line).isTrue();
    assertThat(m.group(1) + ":" + m.group(2) + ": " + m.group(3))
        .as("position and key path in '%s'", line)
        .isEqualTo(expected.line + ":" + expected.column + ": " + expected.keyPath);
    assertThat(m.group(4)).as("message in '%s'", line).contains(expected.message);
  }

  private record Expectation(int line, int column, String keyPath, String message) {}

  /** The first line of the file, read byte for byte so that a file that is not UTF-8 still has one. */
  private static Expectation expectation(Path spec) throws IOException {
    String text = new String(Files.readAllBytes(spec), StandardCharsets.ISO_8859_1);
    String first = text.lines().findFirst().orElse("");
    Matcher m = EXPECT.matcher(first);
    assertThat(m.matches()).as("first line of %s is '# expect: LINE:COL: key.path: message'", spec).isTrue();
    return new Expectation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4));
  }
}
