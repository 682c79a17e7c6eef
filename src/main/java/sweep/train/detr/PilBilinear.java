package sweep.train.detr;

/**
 * PIL's {@code Image.resize(size, resample=BILINEAR)} on an 8-bit RGB image, bit for bit (Pillow's
 * {@code libImaging/Resample.c}): a separable triangle filter whose support grows with the reduction factor when
 * downscaling (so it antialiases), coefficients computed in double, normalised to sum 1 and turned into 22-bit fixed
 * point (rounded half away from zero), the horizontal pass first (over only the rows the vertical pass reads), its
 * result rounded to 8 bits ({@code (sum + 2^21) >> 22}, clipped to [0, 255]), then the vertical pass on that. A side
 * whose size does not change is not resampled; an image of the same size comes back as it is.
 */
public final class PilBilinear {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PilBilinear() {}

  /** {@code image} resized to {@code height x width}. */
  public static RgbImage resize(RgbImage image, int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + height + "x" + width + " (h x w)");
    }
    if (height == image.height() && width == image.width()) {
      return image;
    }
    Filter vertical = Filter.of(image.height(), height);
    byte[] samples = image.rgb();
    int firstRow = 0;
    int rows = image.height();
    int columns = image.width();
    if (width != image.width()) {
      firstRow = vertical.start[0];
      rows = vertical.start[height - 1] + vertical.taps[height - 1] - firstRow;
      samples = horizontal(samples, columns, firstRow, rows, Filter.of(image.width(), width));
      columns = width;
    }
    if (height != image.height()) {
      samples = vertical(samples, columns, firstRow, vertical);
      rows = height;
    }
    return new RgbImage(rows, columns, samples);
  }

  private static byte[] horizontal(byte[] in, int inWidth, int firstRow, int rows, Filter f) {
    int outWidth = f.start.length;
    byte[] out = new byte[rows * outWidth * 3];
    for (int y = 0; y < rows; y++) {
      int rowBase = (y + firstRow) * inWidth;
      for (int xx = 0; xx < outWidth; xx++) {
        int[] k = f.weights[xx];
        for (int c = 0; c < 3; c++) {
          int sum = HALF;
          for (int x = 0; x < f.taps[xx]; x++) {
            sum += (in[(rowBase + f.start[xx] + x) * 3 + c] & 0xff) * k[x];
          }
          out[(y * outWidth + xx) * 3 + c] = clip8(sum);
        }
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int width, int firstRow, Filter f) {
    int outHeight = f.start.length;
    byte[] out = new byte[outHeight * width * 3];
    for (int yy = 0; yy < outHeight; yy++) {
      int[] k = f.weights[yy];
      int top = f.start[yy] - firstRow;
      for (int i = 0; i < width * 3; i++) {
        int sum = HALF;
        for (int y = 0; y < f.taps[yy]; y++) {
          sum += (in[(top + y) * width * 3 + i] & 0xff) * k[y];
        }
        out[yy * width * 3 + i] = clip8(sum);
      }
    }
    return out;
  }

  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's {@code precompute_coeffs} for the bilinear filter, then {@code normalize_coeffs_8bpc}. */
  private record Filter(int[] start, int[] taps, int[][] weights) {
    static Filter of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale;
      int[] start = new int[outSize];
      int[] taps = new int[outSize];
      int[][] weights = new int[outSize][];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double[] k = new double[xmax];
        double sum = 0.0;
        for (int x = 0; x < xmax; x++) {
          k[x] = triangle((x + xmin - center + 0.5) * ss);
          sum += k[x];
        }
        int[] fixed = new int[xmax];
        for (int x = 0; x < xmax; x++) {
          double w = sum != 0.0 ? k[x] / sum : k[x];
          fixed[x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
        }
        start[xx] = xmin;
        taps[xx] = xmax;
        weights[xx] = fixed;
      }
      return new Filter(start, taps, weights);
    }

    private static double triangle(double x) {
      double a = Math.abs(x);
      return a < 1.0 ? 1.0 - a : 0.0;
    }
  }
}
