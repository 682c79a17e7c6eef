package sweep.data.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A content hash that names a detection data set, the same on every machine and in every file order: SHA-256,
 * lowercase hex, of its canonical text (see {@link #canonical}) where each image line carries the SHA-256 of the
 * image file's bytes. Paths are not part of it.
 */
public final class DetectionHash {
  private DetectionHash() {}

  /** The data set's hash, reading every kept image file. */
  public static String of(DetectionDataset dataset) {
    return hex(sha256().digest(canonical(dataset, true).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The annotations as kept, one line each, tab-separated, sorted by id within each kind: {@code category ID NAME},
   * then {@code image ID FILE_NAME WIDTH HEIGHT [SHA256 of the file]}, then {@code box ID IMAGE_ID CATEGORY_ID X Y W H
   * AREA ISCROWD} (numbers as Java's {@code Double.toString} writes them).
   *
   * @param fileHashes whether image lines carry their file's SHA-256
   */
  public static String canonical(DetectionDataset d, boolean fileHashes) {
    StringBuilder sb = new StringBuilder();
    d.categories().stream().sorted(Comparator.comparingInt(DetectionCategory::id))
        .forEach(c -> sb.append("category\t").append(c.id()).append('\t').append(c.name()).append('\n'));
    List<DetectionImage> images = d.images().stream().sorted(Comparator.comparingLong(DetectionImage::id)).toList();
    for (DetectionImage i : images) {
      sb.append("image\t").append(i.id()).append('\t').append(i.fileName()).append('\t').append(i.width())
          .append('\t').append(i.height());
      if (fileHashes) {
        sb.append('\t').append(fileSha256(i));
      }
      sb.append('\n');
    }
    d.boxes().stream().sorted(Comparator.comparingLong(DetectionBox::id)).forEach(b -> sb.append("box\t")
        .append(b.id()).append('\t').append(b.imageId()).append('\t').append(b.categoryId()).append('\t')
        .append(b.x()).append('\t').append(b.y()).append('\t').append(b.w()).append('\t').append(b.h()).append('\t')
        .append(b.area()).append('\t').append(b.iscrowd() ? 1 : 0).append('\n'));
    return sb.toString();
  }

  private static String fileSha256(DetectionImage image) {
    MessageDigest sha = sha256();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(image.path())) {
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + image.path(), e);
    }
    return hex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
