package sweep.data.detection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import sweep.data.source.DataSource;
import sweep.util.BadInputException;

/**
 * Fixes a sweep's detection data from a {@link DetectionDataConfig}: reads and validates it, splits it by image
 * (unless train and val are given) and hashes it. The one entry point a detection task needs.
 */
public final class DetectionData {
  private DetectionData() {}

  /**
   * Reads the configured data.
   *
   * @param dataDir where generated pages and S3 snapshots are written (the sweep's data directory)
   * @param env the environment AWS settings are read from (S3 sources)
   * @throws BadInputException when nothing usable is left (every image bad, no boxes file) or a split is empty
   * @throws BadAnnotationException at the first bad item under {@code bad_rows: fail}
   */
  public static PreparedDetection prepare(DetectionDataConfig config, Path dataDir, Map<String, String> env)
      throws IOException {
    DataSource source = config.source();
    DetectionReadOptions options = config.readOptions();
    if (source instanceof DataSource.TrainVal tv) {
      LoadedDetection train = CocoReader.read(tv.train(), tv.train().toAbsolutePath().getParent(), options);
      LoadedDetection val = CocoReader.read(tv.val(), tv.val().toAbsolutePath().getParent(), options);
      usable("train file:" + tv.train(), train);
      usable("val file:" + tv.val(), val);
      if (!train.dataset().categories().equals(val.dataset().categories())) {
        throw new BadInputException("train file:" + tv.train() + " and val file:" + tv.val()
            + " list different categories; fix them with data.categories");
      }
      DetectionDataset all = new DetectionDataset(train.dataset().categories(),
          concat(train.dataset().images(), val.dataset().images()), concat(train.dataset().boxes(),
          val.dataset().boxes()));
      LoadedDetection both = new LoadedDetection(all, BadAnnotations.merge(train.bad(), val.bad()),
          train.imageEntries() + val.imageEntries(), train.boxesWithBadImages() + val.boxesWithBadImages());
      DetectionSplit split = new DetectionSplit(train.dataset(), val.dataset());
      return new PreparedDetection(source.describe(), both, split, DetectionHash.of(all), null);
    }
    Path dir;
    String label;
    String hash = null;
    Path localDir = null;
    if (source instanceof DataSource.LocalPath p) {
      dir = p.path();
      label = source.describe();
    } else if (source instanceof DataSource.Synthetic) {
      dir = SyntheticForms.materialize(dataDir, config.seed(), config.pages());
      label = "synthetic";
      localDir = dir;
    } else if (source instanceof DataSource.S3Prefix s3) {
      S3Snapshot.Result r = S3Snapshot.fetch(s3, dataDir, new sweep.aws.AwsConfig(env));
      dir = r.dir();
      label = source.describe();
      localDir = dir;
      LoadedDetection loaded = usable(label, DetectionDirectory.read(dir, options));
      hash = r.hash(DetectionHash.canonical(loaded.dataset(), false));
      return new PreparedDetection(label, loaded, DetectionSplits.byImage(loaded.dataset(), config.valFraction(),
          config.seed(), label), hash, localDir);
    } else {
      throw new IllegalArgumentException("detection does not read " + source);
    }
    LoadedDetection loaded = usable(label, DetectionDirectory.read(dir, options));
    DetectionSplit split = DetectionSplits.byImage(loaded.dataset(), config.valFraction(), config.seed(), label);
    return new PreparedDetection(label, loaded, split, DetectionHash.of(loaded.dataset()), localDir);
  }

  /**
   * {@code loaded}, or an error when it kept no image: {@code LABEL: no usable image among 12 (12 bad: 12
   * missing_image)}.
   */
  public static LoadedDetection usable(String label, LoadedDetection loaded) {
    if (loaded.dataset().images().isEmpty()) {
      throw new BadInputException(label + ": no usable image among " + loaded.imageEntries() + " ("
          + loaded.bad().summary() + ")");
    }
    return loaded;
  }

  private static <T> java.util.List<T> concat(java.util.List<T> a, java.util.List<T> b) {
    java.util.List<T> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
