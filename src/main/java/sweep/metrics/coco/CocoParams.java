package sweep.metrics.coco;

import java.util.List;

/**
 * pycocotools' {@code Params} for boxes: IoU thresholds .50:.05:.95 and 101 recall points computed as numpy's
 * {@code linspace} computes them (start + i * step, the last point exactly the stop: the 36th is
 * {@code 35 * 0.01 = 0.35000000000000003}, which a recall of exactly 7/20 does not reach), the four area
 * ranges, and the maxDets list (sorted, as {@code evaluate} sorts it).
 */
public record CocoParams(List<Integer> maxDets) {
  static final double[] IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
  static final double[] RECALL_THRESHOLDS = linspace(0.0, 1.0, 101);
  static final double[][] AREA_RANGES = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
  static final List<String> AREA_LABELS = List.of("all", "small", "medium", "large");

  public CocoParams {
    if (maxDets.isEmpty()) {
      throw new IllegalArgumentException("maxDets is empty");
    }
    for (int m : maxDets) {
      if (m < 1) {
        throw new IllegalArgumentException("maxDets must be positive: " + maxDets);
      }
    }
    maxDets = maxDets.stream().sorted().toList();
  }

  /** maxDets 1, 10, 100: pycocotools' default. */
  public static CocoParams standard() {
    return new CocoParams(List.of(1, 10, 100));
  }

  /** maxDets 1, 10 and {@code last}, as RF-DETR (500) and torchmetrics' {@code max_detection_thresholds} set it. */
  public static CocoParams withMaxDets(int last) {
    return new CocoParams(List.of(1, 10, last));
  }

  int largest() {
    return maxDets.get(maxDets.size() - 1);
  }

  private static double[] linspace(double start, double stop, int num) {
    double step = (stop - start) / (num - 1);
    double[] y = new double[num];
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }
}
