package sweep.spec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** A spec file's bytes to YAML nodes, every way that can fail a {@link SpecException} naming its line. */
final class SpecYaml {
  private SpecYaml() {}

  /** The file's text; bytes that are not UTF-8 are an error at the first of them. */
  static String decodeUtf8(String file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      String lenient = new String(bytes, StandardCharsets.UTF_8);
      int bad = lenient.indexOf('\uFFFD');
      int[] at = lineAndColumn(lenient, Math.max(bad, 0));
      throw new SpecException(file, at[0], at[1], "<file>", "not valid UTF-8 text; save the spec as UTF-8");
    }
  }

  /** 1-based line and column (in code points) of the character at {@code index}. */
  private static int[] lineAndColumn(String text, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(index, text.length()); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }

  /** How deep mappings and sequences may nest in a spec (a real one nests five deep); deeper is an error. */
  static final int MAX_DEPTH = 64;

  /**
   * Fails on nesting deeper than {@link #MAX_DEPTH}, before anything recursive reads the document: the parser keeps
   * its own stack, the composer and every reader of nodes recurse (a 4 KB file of brackets overflowed the stack).
   */
  private static void checkDepth(String file, LoadSettings settings, String text) {
    int depth = 0;
    for (Event e : new Parse(settings).parseString(text)) {
      if (e instanceof MappingStartEvent || e instanceof SequenceStartEvent) {
        if (++depth > MAX_DEPTH) {
          Mark m = e.getStartMark().orElse(null);
          throw new SpecException(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, "<yaml>",
              "mappings and lists nest more than " + MAX_DEPTH + " deep");
        }
      } else if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
        depth--;
      }
    }
  }

  /**
   * The document's root node, typed by YAML 1.2's core schema (as {@link SpecNode#asValue} types scalars: ~ and Null
   * are null, too), duplicate keys refused; every YAML error as a {@link SpecException} at its line.
   */
  static Node compose(String file, String text) {
    Node node;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
          .setSchema(new CoreSchema()).build();
      checkDepth(file, settings, text);
      node = new Compose(settings).composeString(text).orElse(null);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      int line = mark.map(m -> m.getLine() + 1).orElse(1);
      int col = mark.map(m -> m.getColumn() + 1).orElse(1);
      String context = e.getContext() == null || e.getContext().isBlank() ? null : e.getContext();
      String problem = context == null ? e.getProblem()
          : e.getProblem() == null ? context : context + ", " + e.getProblem();
      if (problem != null && problem.startsWith("found undefined alias ")) {
        String alias = problem.substring("found undefined alias ".length()).strip();
        problem = "found undefined alias '" + alias + "': no anchor &" + alias + " comes before it";
      }
      throw new SpecException(file, line, col, "<yaml>", oneLine(problem));
    } catch (ReaderException e) {
      int[] at = codePointLineAndColumn(text, e.getPosition());
      throw new SpecException(file, at[0], at[1], "<yaml>", oneLine(e.getMessage())
          + String.format(" (U+%04X)", e.getCodePoint()));
    } catch (YamlEngineException e) {
      throw new SpecException(file, 1, 1, "<yaml>", oneLine(e.getMessage()));
    }
    if (node == null) {
      throw new SpecException(file, 1, 1, "<root>", "the spec is empty");
    }
    return node;
  }

  /** Line and column of the code point at {@code position} (how the YAML reader counts). */
  private static int[] codePointLineAndColumn(String text, int position) {
    int index = text.offsetByCodePoints(0, Math.max(0, Math.min(position, text.codePointCount(0, text.length()))));
    return lineAndColumn(text, index);
  }

  private static String oneLine(String s) {
    return s == null ? "invalid YAML" : s.replaceAll("\\s+", " ").trim();
  }
}
