package sweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sweep.metrics.ConllFile;
import sweep.metrics.InvalidTagException;
import sweep.metrics.Seqeval;
import sweep.util.BadInputException;
import sweep.util.Json;

/**
 * {@code sweep score ner GOLD PRED}: entity-level precision, recall and F1 with seqeval's semantics (see
 * {@link Seqeval}). Both files are CoNLL-style ({@link ConllFile}) and must hold the same sequences with the same
 * number of tokens. Errors name the file and line and exit 2.
 */
@Command(name = "ner", description = {"Entity-level precision, recall and F1 of PRED against GOLD, as seqeval computes "
    + "them. Files: one token per line, the tag in the last column, an empty line between sequences."})
final class ScoreNerCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "GOLD", description = "the gold tags (CoNLL-style file)")
  Path gold;

  @Parameters(index = "1", paramLabel = "PRED", description = "the predicted tags (CoNLL-style file)")
  Path pred;

  @Option(names = "--mode", paramLabel = "default|strict", defaultValue = "default", converter = ModeConverter.class,
      description = "default (the default): seqeval's default, conlleval-like; strict: seqeval's mode='strict' "
          + "with scheme IOB2, which rejects other tags")
  Seqeval.Mode mode;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Override
  public Integer call() {
    ConllFile g = ConllFile.read(gold);
    ConllFile p = ConllFile.read(pred);
    checkAligned(g, p);
    Seqeval.Report report;
    try {
      report = Seqeval.score(g.tags(), p.tags(), mode);
    } catch (InvalidTagException e) {
      // Only strict mode rejects a tag read from a file: seqeval's strict IOB2 scheme raises ValueError on an E-, S-,
      // U- or L- tag and KeyError on a tag whose first character is no prefix at all (e.g. "PER"), so the whole
      // evaluation fails; here that is one line naming the tag's file and line, and exit 2.
      ConllFile f = e.side().equals("gold") ? g : p;
      throw new BadInputException(f.path() + ":" + f.line(e.sequence(), e.token()) + ": " + e.reason()
          + " (--mode default reads any tag)");
    }
    PrintWriter out = command.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(view(report)));
    } else {
      out.print(report.toText());
    }
    return Main.OK;
  }

  /** The first difference in shape: a sequence with a different number of tokens, or one only one file has. */
  static void checkAligned(ConllFile g, ConllFile p) {
    int common = Math.min(g.tags().size(), p.tags().size());
    for (int s = 0; s < common; s++) {
      int ng = g.tags().get(s).size();
      int np = p.tags().get(s).size();
      if (ng != np) {
        throw new BadInputException("sequence " + (s + 1) + " has " + ng + " tokens in " + g.span(s) + " but " + np
            + " in " + p.span(s));
      }
    }
    if (g.tags().size() != p.tags().size()) {
      ConllFile more = g.tags().size() > p.tags().size() ? g : p;
      ConllFile fewer = more == g ? p : g;
      throw new BadInputException(g.path() + " has " + g.tags().size() + " sequences but " + p.path() + " has "
          + p.tags().size() + ": sequence " + (common + 1) + " is at " + more.span(common) + ", after the end of "
          + fewer.path() + " (line " + fewer.lineCount() + ")");
    }
  }

  Map<String, Object> view(Seqeval.Report report) {
    Map<String, Object> types = new LinkedHashMap<>();
    for (Seqeval.TypeScore t : report.types()) {
      types.put(t.type(), scores(t.precision(), t.recall(), t.f1(), t.support()));
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("mode", mode.name().toLowerCase(Locale.ROOT));
    view.put("gold", gold.toString());
    view.put("pred", pred.toString());
    view.put("types", types);
    view.put("micro", average(report.micro()));
    view.put("macro", average(report.macro()));
    view.put("weighted", average(report.weighted()));
    return view;
  }

  private static Map<String, Object> average(Seqeval.Average a) {
    return scores(a.precision(), a.recall(), a.f1(), a.support());
  }

  private static Map<String, Object> scores(double precision, double recall, double f1, int support) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1", f1);
    m.put("support", support);
    return m;
  }

  /** {@code default} or {@code strict}, in any case. */
  static final class ModeConverter implements CommandLine.ITypeConverter<Seqeval.Mode> {
    @Override
    public Seqeval.Mode convert(String value) {
      try {
        return Seqeval.Mode.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected default or strict, got '" + value + "'");
      }
    }
  }
}
