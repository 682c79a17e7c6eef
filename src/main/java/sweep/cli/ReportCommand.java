package sweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import sweep.report.model.HtmlReport;
import sweep.report.model.ReportBuilder;
import sweep.report.model.ReportJson;
import sweep.report.model.SweepReport;
import sweep.store.Store;
import sweep.store.SweepRecord;
import sweep.util.BadInputException;
import sweep.util.Json;
import sweep.util.Secrets;

/**
 * {@code sweep report [SWEEP] [--out FILE] [--json]}: one self-contained HTML file (charts, tables, data, provenance,
 * promotions) built from the store; {@code --json} prints the same report as JSON instead. The default file is
 * {@code report.html} in the sweep's run directory ({@code <runs_dir>/<sweep>/}) when it is on this machine, else
 * {@code <sweep>.html} beside the database.
 */
final class ReportCommand extends ReadCommand {
  static final String FILE_NAME = "report.html";

  ReportCommand(Context context) {
    super(context, "report", "Write a sweep's report: one HTML file that opens from disk, no network needed.");
    addOption("--out", Path.class, "FILE", "the HTML file to write (default: <runs_dir>/<sweep>/" + FILE_NAME
        + ", or <sweep>.html beside the database when the run directory is not on this machine)");
  }

  @Override
  void show(Store store, SweepRecord s, PrintWriter out) {
    Secrets.install(Secrets.of(context.env(), secretNames(s)));
    SweepReport report = ReportBuilder.build(store, s, context.clock().instant());
    if (json()) {
      out.println(ReportJson.write(report, true));
      return;
    }
    Path file = value("--out");
    if (file == null) {
      file = defaultFile(s, db());
    }
    write(file, HtmlReport.render(report));
    out.println("report of " + s.name() + " (" + report.trials().size() + " trial(s)): " + file);
  }

  /** The spec's {@code secret_env} names, as the sweep recorded its spec. */
  private static List<String> secretNames(SweepRecord s) {
    List<String> names = new ArrayList<>();
    if (s.specJson() != null) {
      Json.tree(s.specJson()).path("secret_env").forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  /** {@code <runs_dir>/<sweep>/report.html} when that directory exists here, else {@code <sweep>.html} beside the db. */
  static Path defaultFile(SweepRecord s, Path db) {
    String runsDir = s.specJson() == null ? "" : Json.tree(s.specJson()).path("runs_dir").asText("");
    if (!runsDir.isEmpty()) {
      Path dir = Path.of(runsDir).resolve(s.name());
      if (Files.isDirectory(dir)) {
        return dir.resolve(FILE_NAME);
      }
    }
    Path parent = db.toAbsolutePath().getParent();
    return (parent == null ? Path.of(".") : parent).resolve(s.name() + ".html");
  }

  /**
   * Writes beside {@code file} and moves it over, so a reader never sees half a report. The file gets the usual
   * permissions (the umask's), not a temporary file's owner-only ones: a report is for sharing.
   */
  private static void write(Path file, String html) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try {
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new BadInputException("cannot write the report to " + file + ": " + why(e));
    }
  }

  private static String why(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
  }
}
