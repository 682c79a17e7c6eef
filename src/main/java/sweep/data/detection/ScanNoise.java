package sweep.data.detection;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scan noise in plain Java on the pixel array, so the same random stream gives the same pixels on every machine:
 * a slight rotation of the whole page (up to 1 degree, nearest neighbour, white outside; boxes become the
 * axis-aligned bounds of their rotated corners), sometimes a light 3x3 blur, and speckle.
 */
final class ScanNoise {
  private ScanNoise() {}

  static FormPage apply(BufferedImage rgb, List<FormPage.FormBox> boxes, SplittableRandom rnd) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] gray = new int[w * h];
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      gray[i] = (((p >> 16) & 0xFF) * 299 + ((p >> 8) & 0xFF) * 587 + (p & 0xFF) * 114) / 1000;
    }
    double degrees = (rnd.nextDouble() * 2 - 1);
    double angle = Math.toRadians(degrees);
    // Rotation as whole multiples of 2^-16 so that every platform computes the same positions.
    long cos = Math.round(StrictMath.cos(angle) * 65536);
    long sin = Math.round(StrictMath.sin(angle) * 65536);
    int[] rotated = new int[w * h];
    long cx2 = w;
    long cy2 = h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // source = R(-angle) * (dest - centre) + centre, in 1/2 pixel units around the centre
        long dx = 2L * x + 1 - cx2;
        long dy = 2L * y + 1 - cy2;
        long sx = (dx * cos + dy * sin + cx2 * 65536) >> 17;
        long sy = (-dx * sin + dy * cos + cy2 * 65536) >> 17;
        rotated[y * w + x] = sx >= 0 && sx < w && sy >= 0 && sy < h ? gray[(int) (sy * w + sx)] : 255;
      }
    }
    List<FormPage.FormBox> moved = new ArrayList<>();
    for (FormPage.FormBox b : boxes) {
      long minX = Long.MAX_VALUE;
      long minY = Long.MAX_VALUE;
      long maxX = Long.MIN_VALUE;
      long maxY = Long.MIN_VALUE;
      for (int[] c : new int[][] {{b.x(), b.y()}, {b.x() + b.w(), b.y()}, {b.x(), b.y() + b.h()},
          {b.x() + b.w(), b.y() + b.h()}}) {
        long dx = 2L * c[0] - cx2;
        long dy = 2L * c[1] - cy2;
        long x = dx * cos - dy * sin + cx2 * 65536;
        long y = dx * sin + dy * cos + cy2 * 65536;
        minX = Math.min(minX, Math.floorDiv(x, 1L << 17));
        minY = Math.min(minY, Math.floorDiv(y, 1L << 17));
        maxX = Math.max(maxX, -Math.floorDiv(-x, 1L << 17));
        maxY = Math.max(maxY, -Math.floorDiv(-y, 1L << 17));
      }
      int x0 = (int) Math.max(0, minX);
      int y0 = (int) Math.max(0, minY);
      int x1 = (int) Math.min(w, maxX);
      int y1 = (int) Math.min(h, maxY);
      if (x1 > x0 && y1 > y0) {
        moved.add(new FormPage.FormBox(b.category(), x0, y0, x1 - x0, y1 - y0));
      }
    }
    int[] out = rnd.nextInt(3) == 0 ? blur(rotated, w, h) : rotated;
    int specks = (int) ((long) w * h * (1 + rnd.nextInt(8)) / 10_000);
    for (int i = 0; i < specks; i++) {
      int at = rnd.nextInt(w * h);
      out[at] = rnd.nextInt(4) == 0 ? 255 : rnd.nextInt(120);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < out.length; i++) {
      data[i] = (byte) out[i];
    }
    return new FormPage(img, List.copyOf(moved));
  }

  /** Half the pixel, half the mean of its 3x3 neighbourhood (edges clamped); integer arithmetic. */
  private static int[] blur(int[] in, int w, int h) {
    int[] out = new int[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sum = 0;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = Math.min(h - 1, Math.max(0, y + dy));
          for (int dx = -1; dx <= 1; dx++) {
            sum += in[yy * w + Math.min(w - 1, Math.max(0, x + dx))];
          }
        }
        out[y * w + x] = (in[y * w + x] * 9 + sum) / 18;
      }
    }
    return out;
  }
}
