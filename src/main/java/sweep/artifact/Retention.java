package sweep.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sweep.store.SweepRecord;
import sweep.store.SweepState;
import sweep.util.Json;

/**
 * What of a sweep's run directories stays on local disk: the spec's {@code retention} key, and the one place that
 * deletes run directories. Three rules, each applied by the orchestrator at a moment when nothing still needs what
 * it deletes:
 *
 * <ol>
 *   <li><b>Checkpoints</b> ({@link #pruneCheckpoints}), when a trial has ended (COMPLETE, PRUNED, or FAILED for
 *       good), before its directory is synced: with {@link Checkpoints#BEST_AND_LATEST} every {@code checkpoint-N}
 *       directory of the trial but its best and its latest is deleted (publication needs the best, a resume the
 *       latest), as the Hugging Face Trainer's {@code save_total_limit} does with {@code load_best_model_at_end}.
 *       {@link Checkpoints#ALL} deletes none.</li>
 *   <li><b>Synced trials</b> ({@link #deleteSynced}), when the artifact store is not where trials write
 *       ({@code s3://...}): a trial's local directory is deleted once the store holds its {@code manifest.json}
 *       and that manifest lists every local file, with its size, as an object of that size. The store is never
 *       written to here: its manifest stays as the sync wrote it.</li>
 *   <li><b>Old sweeps</b> ({@link #oldSweeps}, {@link #deleteSweep}): of the sweeps in one database with the same
 *       spec {@code name} and the same {@code runs_dir}, the local directories of all but the newest
 *       {@link #keepSweeps} are deleted (0: all kept). The current sweep is always kept, and a RUNNING one is
 *       never touched.</li>
 * </ol>
 *
 * <p>Deleting never follows a symbolic link: a link found in a run directory is removed, not what it points to,
 * and a run or checkpoint directory that is itself a link, or that does not lie inside the runs directory, is left
 * alone.
 *
 * @param keepSweeps local sweep directories kept per spec name, the current one included; 0 keeps all
 */
public record Retention(Checkpoints checkpoints, int keepSweeps) {
  /** The default: best and latest checkpoint of each ended trial, every sweep's directory kept. */
  public static final Retention DEFAULT = new Retention(Checkpoints.BEST_AND_LATEST, 0);

  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-\\d+");

  /** Which checkpoints of an ended trial stay. */
  public enum Checkpoints {
    BEST_AND_LATEST("best_and_latest"), ALL("all");

    private final String word;

    Checkpoints(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** The value a spec spells {@code word}, if any. */
    public static Optional<Checkpoints> fromWord(String word) {
      return Stream.of(values()).filter(c -> c.word.equals(word)).findFirst();
    }
  }

  public Retention {
    if (checkpoints == null || keepSweeps < 0) {
      throw new IllegalArgumentException("checkpoints must be set and keep_sweeps >= 0");
    }
  }

  /** As the spec's canonical JSON records it. */
  @Override
  public String toString() {
    return "checkpoints=" + checkpoints.word() + ", keep_sweeps=" + keepSweeps;
  }

  /**
   * Deletes the {@code checkpoint-N} directories directly under {@code trialDir} except {@code best} and
   * {@code latest} (paths relative to the trial directory, as the store records them; null for none). Call it only
   * for an ended trial. Returns the names deleted, sorted.
   */
  public List<String> pruneCheckpoints(Path trialDir, String best, String latest) throws IOException {
    if (checkpoints == Checkpoints.ALL || !Files.isDirectory(trialDir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> keep = Stream.of(best, latest).filter(c -> c != null)
        .map(c -> trialDir.resolve(c).normalize()).toList();
    List<String> deleted = new ArrayList<>();
    try (Stream<Path> children = Files.list(trialDir)) {
      for (Path d : children.sorted().toList()) {
        if (CHECKPOINT.matcher(d.getFileName().toString()).matches() && !keep.contains(d.normalize())
            && deleteWithin(trialDir, d)) {
          deleted.add(d.getFileName().toString());
        }
      }
    }
    return deleted;
  }

  /**
   * Whether {@code store} holds {@code dir} under {@code prefix}: a {@code manifest.json} listing every regular file
   * of {@code dir} with its size, and an object of that size for each.
   */
  public static boolean inStore(Path dir, ArtifactStore store, String prefix) throws IOException {
    String base = prefix + "/";
    Optional<Manifest> manifest = store.read(base + Manifest.NAME).flatMap(Manifest::parse);
    if (manifest.isEmpty()) {
      return false;
    }
    Map<String, Manifest.Entry> listed = manifest.get().byPath();
    Map<String, Long> stored = store.objects(base).stream()
        .collect(Collectors.toMap(o -> o.key().substring(base.length()), StoredObject::size));
    for (Path f : Manifest.files(dir)) {
      String rel = Manifest.relative(dir, f);
      Manifest.Entry e = listed.get(rel);
      long size = Files.size(f);
      if (e == null || e.size() != size || !Long.valueOf(size).equals(stored.get(rel))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Deletes the local trial directory {@code trialDir} (inside {@code runsDir}) if {@link #inStore} holds it under
   * {@code prefix}; true if it was deleted. The store is only read.
   */
  public boolean deleteSynced(Path runsDir, Path trialDir, ArtifactStore store, String prefix) throws IOException {
    if (!Files.isDirectory(trialDir, LinkOption.NOFOLLOW_LINKS) || !inStore(trialDir, store, prefix)) {
      return false;
    }
    return deleteWithin(runsDir, trialDir);
  }

  /**
   * The sweeps whose local directories this policy deletes, oldest first: of {@code sweeps} (one database's, oldest
   * first), those recorded with spec name {@code specName} and runs directory {@code runsDir} (as the spec wrote
   * it), except the newest {@link #keepSweeps}, {@code current} and any RUNNING one. Empty when keepSweeps is 0.
   */
  public List<SweepRecord> oldSweeps(List<SweepRecord> sweeps, String specName, String runsDir, String current) {
    if (keepSweeps == 0) {
      return List.of();
    }
    List<SweepRecord> same = sweeps.stream().filter(s -> recorded(s, "name").equals(Optional.of(specName))
        && recorded(s, "runs_dir").equals(Optional.of(runsDir))).toList();
    return same.subList(0, Math.max(0, same.size() - keepSweeps)).stream()
        .filter(s -> !s.name().equals(current) && s.state() != SweepState.RUNNING).toList();
  }

  /** Deletes {@code <runsDir>/<sweep>} if it is a real directory directly inside runsDir; true if it was deleted. */
  public static boolean deleteSweep(Path runsDir, String sweep) throws IOException {
    Path dir = runsDir.resolve(sweep).normalize();
    return dir.getParent() != null && dir.getParent().equals(runsDir.normalize()) && deleteWithin(runsDir, dir);
  }

  private static Optional<String> recorded(SweepRecord s, String key) {
    try {
      var v = Json.tree(s.specJson()).path(key);
      return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes {@code target} and everything under it, if it is a directory (not a link to one) that lies inside
   * {@code root} once every link above it is resolved. Links inside it are removed, never followed.
   */
  static boolean deleteWithin(Path root, Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(root)) {
      return false;
    }
    Path parent = target.toAbsolutePath().getParent().toRealPath();
    if (!parent.startsWith(root.toRealPath())) {
      return false;
    }
    LocalArtifacts.deleteTree(target);
    return true;
  }
}
