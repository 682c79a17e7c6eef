package sweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sweep.data.detection.DetectionDataset;
import sweep.data.detection.SyntheticForms;
import sweep.util.BadInputException;

/**
 * {@code sweep data export synthetic-forms DIR [--pages N] [--seed S] [--force]}: writes generated form pages as
 * COCO ({@code DIR/annotations.json}, {@code DIR/images/page-000000.png}, ...), the layout a {@code file:DIR} source
 * reads. A non-empty DIR is refused (exit 2) unless {@code --force}.
 */
@Command(name = "export", description = "Write a generated data set as COCO: DIR/annotations.json and DIR/images/.")
final class DataExportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "KIND", description = "what to write: synthetic-forms")
  String kind;

  @Parameters(index = "1", paramLabel = "DIR", description = "the directory to write into")
  Path dir;

  @Option(names = "--pages", paramLabel = "N", description = "pages to generate (default: ${DEFAULT-VALUE})")
  int pages = 100;

  @Option(names = "--seed", paramLabel = "S", description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed = 0;

  @Option(names = "--force", description = "write into DIR even if it is not empty")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (!kind.equals("synthetic-forms")) {
      throw new BadInputException("unknown data set '" + kind + "' (expected synthetic-forms)");
    }
    if (pages < 1 || pages > 1_000_000) {
      throw new BadInputException("--pages must be between 1 and 1000000, got " + pages);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadInputException(dir + ": not a directory");
    }
    if (Files.isDirectory(dir) && !force) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new BadInputException(dir + ": not empty; give --force to write into it");
        }
      }
    }
    long start = System.nanoTime();
    DetectionDataset d = SyntheticForms.writeCoco(dir, seed, pages);
    command.commandLine().getOut().printf("%d pages, %d boxes written to %s in %.2f s%n", d.images().size(),
        d.boxes().size(), dir, (System.nanoTime() - start) / 1e9);
    return Main.OK;
  }
}
