package sweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sweep.artifact.ArtifactStore;
import sweep.artifact.ArtifactStores;
import sweep.artifact.DirectorySync;
import sweep.artifact.S3ArtifactStore;
import sweep.util.BadInputException;

/**
 * {@code sweep sync DIR LOCATION/PREFIX}: mirrors a local directory into an artifact store the way a sweep does
 * (new and changed files only, in parallel, manifest last), e.g. to push run directories written without one.
 */
@Command(name = "sync", description = "Upload a directory's new and changed files to an artifact store"
    + " (s3://BUCKET/PREFIX or a directory), then its manifest.")
final class SyncCommand implements Callable<Integer> {
  @ParentCommand SweepCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "DIR", description = "the local directory")
  Path dir;

  @Parameters(index = "1", paramLabel = "DEST", description = "s3://BUCKET/PREFIX or a directory; the files go"
      + " under it as DEST/<path in DIR>")
  String dest;

  @Option(names = "--parallel", paramLabel = "N", description = "files uploaded at once (default: ${DEFAULT-VALUE})")
  int parallel = 8;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(dir + ": no such directory");
    }
    if (parallel < 1 || parallel > 256) {
      throw new BadInputException("--parallel must be between 1 and 256, got " + parallel);
    }
    String location;
    String prefix;
    if (ArtifactStores.isS3(dest)) {
      S3ArtifactStore.Location at = S3ArtifactStore.Location.parse(dest);
      if (at.prefix().isEmpty()) {
        throw new BadInputException("'" + dest + "': give a prefix to sync under, s3://BUCKET/PREFIX");
      }
      location = "s3://" + at.bucket();
      prefix = at.prefix();
    } else {
      Path d = Path.of(dest).toAbsolutePath().normalize();
      location = d.getParent() == null ? d.toString() : d.getParent().toString();
      prefix = d.getFileName() == null ? "" : d.getFileName().toString();
      try {
        ArtifactStore.checkKey(prefix);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("'" + dest + "': not a directory to sync into");
      }
    }
    long start = System.nanoTime();
    try (ArtifactStore store = parent.context.artifacts(location)) {
      DirectorySync.Report r = new DirectorySync(store, parallel, 3, 1000).sync(dir, prefix);
      command.commandLine().getOut().printf("%s in %.2f s%n", r.summary(), (System.nanoTime() - start) / 1e9);
    }
    return Main.OK;
  }
}
