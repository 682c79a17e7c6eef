package sweep.train.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sweep.artifact.LocalArtifacts;

/**
 * Keeps a command trial's checkpoints per epoch when the program keeps only its latest (RF-DETR overwrites
 * {@code checkpoint.pth} every epoch; the Hugging Face Trainer deletes {@code checkpoint-*} directories beyond
 * {@code save_total_limit}): when an epoch is reported, its checkpoint is copied to
 * {@code <trial>/checkpoints/epoch-NNNN/} and that directory is the epoch's checkpoint for sweep (what a resumed
 * attempt starts from and what is published when the epoch is the best).
 *
 * <p>Files the program overwrites in place are copied; a Trainer checkpoint directory, which is never written again
 * once saved, is hard-linked file by file (copied where links are not possible). A named file written after the
 * epoch's line was logged holds a later epoch (the program went on before the copy was made): that epoch then has no
 * checkpoint, and a warning says so. Of the copies, the best epoch's so far, the latest and the one before it are
 * kept (the one before is what the orchestrator may still name as the latest until it records the new one); the
 * others are deleted as the trial goes.
 */
final class CheckpointCapture {
  static final String DIR = "checkpoints";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCapture.class);

  private final Path trialDir;
  private final Path outputDir;
  private final List<String> files;
  private final String metric;
  private final boolean maximize;
  private Integer bestEpoch;
  private Double bestValue;
  private final List<Integer> latest = new ArrayList<>();

  /**
   * @param files the files, relative to {@code outputDir}, that make a checkpoint of the program's latest epoch
   *     (empty: only checkpoints the metric source finds are captured)
   * @param bestEpoch the best epoch before this attempt (when resumed), or null
   */
  CheckpointCapture(Path trialDir, Path outputDir, List<String> files, String metric, boolean maximize,
      Integer bestEpoch, Double bestValue) {
    this.trialDir = trialDir;
    this.outputDir = outputDir;
    this.files = List.copyOf(files);
    this.metric = metric;
    this.maximize = maximize;
    this.bestEpoch = bestEpoch;
    this.bestValue = bestValue;
  }

  static String name(int epoch) {
    return DIR + "/" + String.format(Locale.ROOT, "epoch-%04d", epoch);
  }

  /**
   * Copies the epoch's checkpoint.
   *
   * @param loggedAt when the file the epoch was read from was last written: named files newer than that hold a later
   *     epoch
   * @return the copy, relative to the trial directory, or null when the epoch has no checkpoint to copy
   */
  String capture(ProgramEpoch e, FileTime loggedAt) throws IOException {
    Path target = trialDir.resolve(name(e.epoch()));
    Path tmp = trialDir.resolve(DIR).resolve(".partial-" + e.epoch());
    LocalArtifacts.deleteTree(tmp);
    Files.createDirectories(tmp);
    boolean any = false;
    if (e.checkpoint() != null) {
      any = linkTree(e.checkpoint(), tmp);
    }
    for (String f : files) {
      Path source = outputDir.resolve(f);
      if (!Files.exists(source)) {
        continue;
      }
      if (loggedAt != null && Files.getLastModifiedTime(source).compareTo(loggedAt) > 0) {
        LOG.warn("epoch {}: {} was written again after the epoch was logged (it holds a later epoch); the epoch has "
            + "no checkpoint", e.epoch(), source);
        LocalArtifacts.deleteTree(tmp);
        return null;
      }
      Path to = tmp.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(source, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      any = true;
    }
    if (!any) {
      LocalArtifacts.deleteTree(tmp);
      return null;
    }
    LocalArtifacts.deleteTree(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Double v = e.metrics().get(metric);
    if (v != null && !v.isNaN() && (bestValue == null || (maximize ? v > bestValue : v < bestValue))) {
      bestValue = v;
      bestEpoch = e.epoch();
    }
    latest.add(e.epoch());
    prune();
    return name(e.epoch());
  }

  /** Deletes the copies that are neither the best so far nor among the two latest. */
  private void prune() throws IOException {
    Set<String> keep = new TreeSet<>();
    for (int i = Math.max(0, latest.size() - 2); i < latest.size(); i++) {
      keep.add(Path.of(name(latest.get(i))).getFileName().toString());
    }
    if (bestEpoch != null) {
      keep.add(Path.of(name(bestEpoch)).getFileName().toString());
    }
    Path dir = trialDir.resolve(DIR);
    try (Stream<Path> copies = Files.list(dir)) {
      for (Path p : copies.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("epoch-") && !keep.contains(n) && latest.size() >= 2) {
          LocalArtifacts.deleteTree(p);
        }
      }
    }
  }

  /** Hard-links (or copies) every file under {@code from} into {@code to}; true if there was one. */
  private static boolean linkTree(Path from, Path to) throws IOException {
    boolean[] any = {false};
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          continue;
        }
        try {
          Files.createLink(target, p);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
        any[0] = true;
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      LOG.warn("{} was deleted before it could be kept", from);
      return false;
    }
    return any[0];
  }
}
