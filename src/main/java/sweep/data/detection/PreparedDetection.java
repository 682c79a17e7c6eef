package sweep.data.detection;

import java.util.Objects;

/**
 * A detection data set ready for trials.
 *
 * @param source the source as the spec names it, for provenance ({@code synthetic}, {@code file:/data/forms},
 *     {@code s3://bucket/forms})
 * @param loaded the data kept and left out
 * @param split train and validation, by image
 * @param hash the data set's content hash ({@link DetectionHash}; for S3, of the listing and the annotations)
 * @param localDir the local directory trials read (the synthetic pages, the S3 snapshot), or null for a local source
 */
public record PreparedDetection(String source, LoadedDetection loaded, DetectionSplit split, String hash,
    java.nio.file.Path localDir) {
  public PreparedDetection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(loaded, "loaded");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(hash, "hash");
  }

  /** The bad-item summary, e.g. {@code 3 bad: 2 box_outside_image, 1 missing_image}. */
  public String badSummary() {
    return loaded.bad().summary();
  }
}
