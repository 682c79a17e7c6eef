package sweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sweep.util.BadInputException;

class ConllFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void lastColumnIsTheTagAndEmptyLinesSeparateSequences() throws Exception {
    Path f = write("a.txt", """
        -DOCSTART- -X- O O

        EU NNP B-ORG
        rejects\tVBZ  O \s
        German JJ B-MISC


        Peter B-PER
        Blackburn NNP I-NP I-PER
        """);
    ConllFile c = ConllFile.read(f);
    assertThat(c.tags()).containsExactly(List.of("B-ORG", "O", "B-MISC"), List.of("B-PER", "I-PER"));
    assertThat(c.lines()).containsExactly(List.of(3, 4, 5), List.of(8, 9));
    assertThat(c.line(1, 1)).isEqualTo(9);
    assertThat(c.span(0)).isEqualTo(f + ":3-5");
    assertThat(c.lineCount()).isEqualTo(9);
  }

  @Test
  void crlfAndByteOrderMarkAndNoFinalNewline() throws Exception {
    Path f = write("b.txt", "\uFEFFa B-PER\r\nb I-PER\r\n\r\nc O");
    ConllFile c = ConllFile.read(f);
    assertThat(c.tags()).containsExactly(List.of("B-PER", "I-PER"), List.of("O"));
    assertThat(c.lines()).containsExactly(List.of(1, 2), List.of(4));
    assertThat(c.span(1)).isEqualTo(f + ":4");
  }

  @Test
  void emptyFileHasNoSequences() throws Exception {
    assertThat(ConllFile.read(write("e.txt", "")).tags()).isEmpty();
    assertThat(ConllFile.read(write("f.txt", "\n\n-DOCSTART- O\n\n")).tags()).isEmpty();
  }

  @Test
  void aLineOfOnlyWhitespaceIsAnError() throws Exception {
    Path f = write("w.txt", "a O\n \t\nb O\n");
    assertThatThrownBy(() -> ConllFile.read(f)).isInstanceOf(BadInputException.class)
        .hasMessage(f + ":2: a line with no columns (only whitespace); sequences are separated by an empty line");
  }

  @Test
  void missingFileAndDirectory() {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> ConllFile.read(missing)).isInstanceOf(BadInputException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> ConllFile.read(dir)).isInstanceOf(BadInputException.class)
        .hasMessage(dir + ": cannot read: it is a directory");
  }

  @Test
  void invalidUtf8NamesItsLine() throws Exception {
    Path f = dir.resolve("bin.txt");
    Files.write(f, new byte[] {'a', ' ', 'O', '\n', 'b', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> ConllFile.read(f)).isInstanceOf(BadInputException.class)
        .hasMessage(f + ":2: not UTF-8 text");
  }
}
