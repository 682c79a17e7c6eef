package sweep.data;

import java.util.List;
import java.util.Objects;

/**
 * What a source read: the valid lines in source order, and the rows it left out.
 *
 * @param lines the lines that passed validation, in the order read
 * @param badRows the rows left out (always empty under {@link BadRowPolicy#FAIL})
 */
public record LoadedLines(List<LabeledLine> lines, BadRows badRows) {
  public LoadedLines {
    lines = List.copyOf(lines);
    Objects.requireNonNull(badRows, "badRows");
  }
}
