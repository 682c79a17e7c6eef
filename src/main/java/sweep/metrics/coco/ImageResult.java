package sweep.metrics.coco;

import java.util.List;

/**
 * pycocotools' {@code evaluateImg} for one image, one category and one area range: which ground truth each ranked
 * detection matched at each IoU threshold (the annotation's id, 0 for none), and which detections and ground truth
 * are ignored.
 */
final class ImageResult {
  final double[] scores;
  final long[][] dtMatches;
  final boolean[][] dtIgnore;
  final boolean[] gtIgnore;

  private ImageResult(double[] scores, long[][] dtMatches, boolean[][] dtIgnore, boolean[] gtIgnore) {
    this.scores = scores;
    this.dtMatches = dtMatches;
    this.dtIgnore = dtIgnore;
    this.gtIgnore = gtIgnore;
  }

  /**
   * @param gt the image's ground truth of the category, in file order
   * @param ranked its detections, ranked and cut to the largest maxDets
   * @param ious IoU of each ranked detection (row) with each ground truth (column, file order)
   */
  static ImageResult evaluate(List<GroundTruth.Annotation> gt, List<Detection> ranked, double[][] ious,
      double[] areaRange, int maxDet) {
    int g = gt.size();
    boolean[] outside = new boolean[g];
    int regular = 0;
    for (int j = 0; j < g; j++) {
      GroundTruth.Annotation a = gt.get(j);
      outside[j] = a.crowd() || a.area() < areaRange[0] || a.area() > areaRange[1];
      if (!outside[j]) {
        regular++;
      }
    }
    // np.argsort(_ignore, kind='mergesort'): regular ground truth first, each group in file order
    int[] order = new int[g];
    int front = 0;
    int back = regular;
    for (int j = 0; j < g; j++) {
      order[outside[j] ? back++ : front++] = j;
    }
    int d = Math.min(maxDet, ranked.size());
    int thresholds = CocoParams.IOU_THRESHOLDS.length;
    long[][] dtm = new long[thresholds][d];
    long[][] gtm = new long[thresholds][g];
    boolean[][] dtIg = new boolean[thresholds][d];
    boolean[] gtIg = new boolean[g];
    boolean[] crowd = new boolean[g];
    for (int j = 0; j < g; j++) {
      gtIg[j] = outside[order[j]];
      crowd[j] = gt.get(order[j]).crowd();
    }
    if (d > 0 && g > 0) {
      for (int t = 0; t < thresholds; t++) {
        for (int di = 0; di < d; di++) {
          double iou = Math.min(CocoParams.IOU_THRESHOLDS[t], 1 - 1e-10);
          int m = -1;
          for (int gi = 0; gi < g; gi++) {
            if (gtm[t][gi] > 0 && !crowd[gi]) {
              continue;
            }
            if (m > -1 && !gtIg[m] && gtIg[gi]) {
              break;
            }
            double v = ious[di][order[gi]];
            if (v < iou) {
              continue;
            }
            iou = v;
            m = gi;
          }
          if (m == -1) {
            continue;
          }
          dtIg[t][di] = gtIg[m];
          dtm[t][di] = gt.get(order[m]).id();
          gtm[t][m] = ranked.get(di).id();
        }
      }
    }
    double[] scores = new double[d];
    for (int di = 0; di < d; di++) {
      Detection det = ranked.get(di);
      scores[di] = det.score();
      double area = det.area();
      boolean out = area < areaRange[0] || area > areaRange[1];
      for (int t = 0; t < thresholds; t++) {
        if (dtm[t][di] == 0 && out) {
          dtIg[t][di] = true;
        }
      }
    }
    return new ImageResult(scores, dtm, dtIg, gtIg);
  }
}
