package sweep.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sweep.util.BadInputException;

/**
 * The tags of a CoNLL-style file: one token per line with its tag in the last whitespace-separated column, an empty
 * line between sequences (several in a row count as one, so no sequence is empty), lines starting with
 * {@code -DOCSTART-} skipped, UTF-8 (a leading byte-order mark is dropped). Keeps each tag's line number so errors
 * can name it. Immutable.
 *
 * @param path the file as the user named it
 * @param tags the sequences of tags
 * @param lines the 1-based line number of each tag, shaped as {@code tags}
 * @param lineCount the number of lines in the file
 */
public record ConllFile(Path path, List<List<String>> tags, List<List<Integer>> lines, int lineCount) {
  private static final String DOCSTART = "-DOCSTART-";

  public ConllFile {
    tags = tags.stream().map(List::copyOf).toList();
    lines = lines.stream().map(List::copyOf).toList();
  }

  /**
   * Reads {@code path}.
   *
   * @throws BadInputException naming the file (and line) when it is missing, unreadable, not UTF-8, or has a line of
   *     only whitespace (a line with no columns; a sequence break is an empty line)
   */
  public static ConllFile read(Path path) {
    byte[] data;
    try {
      data = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new BadInputException(path + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot read: "
          + (Files.isDirectory(path) ? "it is a directory" : String.valueOf(e.getMessage())));
    }
    List<List<String>> tags = new ArrayList<>();
    List<List<Integer>> lines = new ArrayList<>();
    List<String> seqTags = new ArrayList<>();
    List<Integer> seqLines = new ArrayList<>();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int lineNo = 0;
    for (int from = 0; from < data.length; lineNo++) {
      int to = from;
      while (to < data.length && data[to] != '\n') {
        to++;
      }
      int end = to > from && data[to - 1] == '\r' ? to - 1 : to;
      String line;
      try {
        line = utf8.decode(ByteBuffer.wrap(data, from, end - from)).toString();
      } catch (CharacterCodingException e) {
        throw new BadInputException(path + ":" + (lineNo + 1) + ": not UTF-8 text");
      }
      if (lineNo == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      from = to + 1;
      if (line.isEmpty()) {
        if (!seqTags.isEmpty()) {
          tags.add(seqTags);
          lines.add(seqLines);
          seqTags = new ArrayList<>();
          seqLines = new ArrayList<>();
        }
      } else if (!line.startsWith(DOCSTART)) {
        seqTags.add(lastColumn(path, lineNo + 1, line));
        seqLines.add(lineNo + 1);
      }
    }
    if (!seqTags.isEmpty()) {
      tags.add(seqTags);
      lines.add(seqLines);
    }
    return new ConllFile(path, tags, lines, lineNo);
  }

  private static String lastColumn(Path path, int lineNo, String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      throw new BadInputException(path + ":" + lineNo + ": a line with no columns (only whitespace); sequences are"
          + " separated by an empty line");
    }
    int start = end;
    while (start > 0 && !Character.isWhitespace(line.charAt(start - 1))) {
      start--;
    }
    return line.substring(start, end);
  }

  /** The line of token {@code token} (0-based) of sequence {@code sequence} (0-based). */
  public int line(int sequence, int token) {
    return lines.get(sequence).get(token);
  }

  /** "FILE:FIRST-LAST", the lines of a sequence (0-based index). */
  public String span(int sequence) {
    List<Integer> l = lines.get(sequence);
    int first = l.get(0);
    int last = l.get(l.size() - 1);
    return path + ":" + (first == last ? Integer.toString(first) : first + "-" + last);
  }
}
