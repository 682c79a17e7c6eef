package sweep.metrics.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pycocotools' {@code COCOeval.evaluate()} and {@code accumulate()} for {@code iouType='bbox'}, step for step
 * (cocodataset/cocoapi, PythonAPI/pycocotools/cocoeval.py), so that every number agrees with it to rounding:
 * <ul>
 *   <li>the images and categories are the annotation file's, sorted by id, including those with nothing on them;</li>
 *   <li>per image and category, detections are ranked by score with a stable sort (input order breaks ties) and cut
 *       to the largest maxDets; the ground truth's {@code ignore} is its {@code iscrowd}; boxes outside an area range
 *       (by the annotation's {@code area} field; a detection's area is {@code w * h}) are ignored;</li>
 *   <li>IoU is {@code maskApi.c}'s {@code bbIou}: no +1, and against a crowd region the union is the detection's own
 *       area; a detection takes the unmatched ground truth of highest IoU at or above {@code min(t, 1 - 1e-10)}, the
 *       last of equals, preferring regular to ignored ground truth; a crowd region can be matched many times;</li>
 *   <li>a match records the ground truth's id, so a match with annotation id 0 counts as none, as in pycocotools;</li>
 *   <li>accumulation concatenates the images' ranked detections in image-id order and ranks them again with a stable
 *       sort; precision is {@code tp / (tp + fp + eps)}, made monotone from the right and read at the 101 recall
 *       points with a left binary search; a category with no regular ground truth (in an area range) stays -1.</li>
 * </ul>
 */
public final class CocoEval {
  private static final double EPS = Math.ulp(1.0);

  private final CocoParams params;
  private final long[] images;
  private final long[] categories;
  private final String[] names;
  private final double[] precision;
  private final double[] recall;

  private CocoEval(CocoParams params, long[] images, long[] categories, String[] names) {
    this.params = params;
    this.images = images;
    this.categories = categories;
    this.names = names;
    int t = CocoParams.IOU_THRESHOLDS.length;
    int r = CocoParams.RECALL_THRESHOLDS.length;
    int a = CocoParams.AREA_RANGES.length;
    int m = params.maxDets().size();
    this.precision = new double[t * r * categories.length * a * m];
    this.recall = new double[t * categories.length * a * m];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
  }

  /** Evaluates {@code detections} against {@code gt} and accumulates the precision and recall tables. */
  public static CocoEval run(GroundTruth gt, List<Detection> detections, CocoParams params) {
    long[] images = gt.images().stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    Map<Long, String> names = gt.names();
    long[] categories = names.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    String[] catNames = new String[categories.length];
    for (int k = 0; k < categories.length; k++) {
      catNames[k] = names.get(categories[k]);
    }
    CocoEval eval = new CocoEval(params, images, categories, catNames);
    eval.evaluateAndAccumulate(gt, detections);
    return eval;
  }

  public CocoParams params() {
    return params;
  }

  private void evaluateAndAccumulate(GroundTruth gt, List<Detection> detections) {
    Map<Long, Integer> imageIndex = CocoFiles.index(Arrays.stream(images).boxed().toList());
    Map<Long, Integer> categoryIndex = CocoFiles.index(Arrays.stream(categories).boxed().toList());
    int nImages = images.length;
    Map<Long, List<GroundTruth.Annotation>> gts = new HashMap<>();
    for (GroundTruth.Annotation a : gt.annotations()) {
      long key = (long) categoryIndex.get(a.categoryId()) * nImages + imageIndex.get(a.imageId());
      gts.computeIfAbsent(key, x -> new ArrayList<>()).add(a);
    }
    Map<Long, List<Detection>> dts = new HashMap<>();
    for (Detection d : detections) {
      Integer k = categoryIndex.get(d.categoryId());
      Integer i = imageIndex.get(d.imageId());
      if (k == null || i == null) {
        throw new IllegalArgumentException("detection " + d.id() + " is on an image or category the ground truth "
            + "does not list");
      }
      dts.computeIfAbsent((long) k * nImages + i, x -> new ArrayList<>()).add(d);
    }
    int areas = CocoParams.AREA_RANGES.length;
    for (int k = 0; k < categories.length; k++) {
      ImageResult[][] byArea = new ImageResult[areas][nImages];
      for (int i = 0; i < nImages; i++) {
        long key = (long) k * nImages + i;
        List<GroundTruth.Annotation> g = gts.getOrDefault(key, List.of());
        List<Detection> d = dts.getOrDefault(key, List.of());
        if (g.isEmpty() && d.isEmpty()) {
          continue;
        }
        List<Detection> ranked = ranked(d, params.largest());
        double[][] ious = ious(ranked, g);
        for (int a = 0; a < areas; a++) {
          byArea[a][i] = ImageResult.evaluate(g, ranked, ious, CocoParams.AREA_RANGES[a], params.largest());
        }
      }
      for (int a = 0; a < areas; a++) {
        for (int m = 0; m < params.maxDets().size(); m++) {
          accumulate(byArea[a], k, a, m);
        }
      }
    }
  }

  /** The detections by descending score, ties in input order, cut to {@code limit}. */
  static List<Detection> ranked(List<Detection> d, int limit) {
    List<Detection> sorted = new ArrayList<>(d);
    sorted.sort((x, y) -> Double.compare(-x.score() + 0.0, -y.score() + 0.0));
    return sorted.size() > limit ? sorted.subList(0, limit) : sorted;
  }

  /** {@code maskApi.c bbIou}: rows are detections, columns ground truth. */
  static double[][] ious(List<Detection> dt, List<GroundTruth.Annotation> gt) {
    double[][] o = new double[dt.size()][gt.size()];
    for (int g = 0; g < gt.size(); g++) {
      GroundTruth.Box gb = gt.get(g).box();
      double ga = gb.w() * gb.h();
      boolean crowd = gt.get(g).crowd();
      for (int d = 0; d < dt.size(); d++) {
        GroundTruth.Box db = dt.get(d).box();
        double da = db.w() * db.h();
        double w = Math.min(db.w() + db.x(), gb.w() + gb.x()) - Math.max(db.x(), gb.x());
        if (w <= 0) {
          continue;
        }
        double h = Math.min(db.h() + db.y(), gb.h() + gb.y()) - Math.max(db.y(), gb.y());
        if (h <= 0) {
          continue;
        }
        double i = w * h;
        double u = crowd ? da : da + ga - i;
        o[d][g] = i / u;
      }
    }
    return o;
  }

  private void accumulate(ImageResult[] results, int k, int a, int m) {
    int maxDet = params.maxDets().get(m);
    int total = 0;
    int gtRegular = 0;
    boolean any = false;
    for (ImageResult e : results) {
      if (e != null) {
        any = true;
        total += Math.min(maxDet, e.scores.length);
        for (boolean ig : e.gtIgnore) {
          if (!ig) {
            gtRegular++;
          }
        }
      }
    }
    if (!any || gtRegular == 0) {
      return;
    }
    int thresholds = CocoParams.IOU_THRESHOLDS.length;
    double[] scores = new double[total];
    long[][] matches = new long[thresholds][total];
    boolean[][] ignored = new boolean[thresholds][total];
    int at = 0;
    for (ImageResult e : results) {
      if (e == null) {
        continue;
      }
      int n = Math.min(maxDet, e.scores.length);
      System.arraycopy(e.scores, 0, scores, at, n);
      for (int t = 0; t < thresholds; t++) {
        System.arraycopy(e.dtMatches[t], 0, matches[t], at, n);
        System.arraycopy(e.dtIgnore[t], 0, ignored[t], at, n);
      }
      at += n;
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    // np.argsort(-dtScores, kind='mergesort'): ascending negated scores, stable; -0.0 and 0.0 compare equal there.
    Arrays.sort(order, (x, y) -> Double.compare(-scores[x] + 0.0, -scores[y] + 0.0));
    int recallPoints = CocoParams.RECALL_THRESHOLDS.length;
    int kk = categories.length;
    int aa = CocoParams.AREA_RANGES.length;
    int mm = params.maxDets().size();
    for (int t = 0; t < thresholds; t++) {
      double[] rc = new double[total];
      double[] pr = new double[total];
      double tp = 0;
      double fp = 0;
      for (int j = 0; j < total; j++) {
        int d = order[j];
        if (!ignored[t][d]) {
          if (matches[t][d] != 0) {
            tp++;
          } else {
            fp++;
          }
        }
        rc[j] = tp / gtRegular;
        pr[j] = tp / (fp + tp + EPS);
      }
      recall[((t * kk + k) * aa + a) * mm + m] = total > 0 ? rc[total - 1] : 0;
      for (int i = total - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      int pi = 0;
      for (int r = 0; r < recallPoints; r++) {
        double threshold = CocoParams.RECALL_THRESHOLDS[r];
        while (pi < total && rc[pi] < threshold) {
          pi++;
        }
        double q = pi < total ? pr[pi] : 0;
        precision[(((t * recallPoints + r) * kk + k) * aa + a) * mm + m] = q;
      }
    }
  }

  /**
   * pycocotools' {@code _summarize}: the mean of the table entries above -1 for the IoU threshold ({@code NaN}: all),
   * the area range and the maxDets given, -1 when there are none (a maxDets value not in the list selects none).
   */
  double summarize(boolean ap, double iouThreshold, String area, int maxDets) {
    int thresholds = CocoParams.IOU_THRESHOLDS.length;
    int a = CocoParams.AREA_LABELS.indexOf(area);
    List<Integer> mind = new ArrayList<>();
    for (int m = 0; m < params.maxDets().size(); m++) {
      if (params.maxDets().get(m) == maxDets) {
        mind.add(m);
      }
    }
    int kk = categories.length;
    int aa = CocoParams.AREA_RANGES.length;
    int mm = params.maxDets().size();
    int recallPoints = CocoParams.RECALL_THRESHOLDS.length;
    double[] values = new double[thresholds * Math.max(recallPoints, 1) * kk * Math.max(mind.size(), 1)];
    int n = 0;
    for (int t = 0; t < thresholds; t++) {
      if (!Double.isNaN(iouThreshold) && CocoParams.IOU_THRESHOLDS[t] != iouThreshold) {
        continue;
      }
      if (ap) {
        for (int r = 0; r < recallPoints; r++) {
          for (int k = 0; k < kk; k++) {
            for (int m : mind) {
              double v = precision[(((t * recallPoints + r) * kk + k) * aa + a) * mm + m];
              if (v > -1) {
                values[n++] = v;
              }
            }
          }
        }
      } else {
        for (int k = 0; k < kk; k++) {
          for (int m : mind) {
            double v = recall[((t * kk + k) * aa + a) * mm + m];
            if (v > -1) {
              values[n++] = v;
            }
          }
        }
      }
    }
    return n == 0 ? -1 : sweep.metrics.PairwiseSum.sum(Arrays.copyOf(values, n)) / n;
  }

  /**
   * The AP of category {@code k} (over IoU .50:.95, area "all", the maxDets given): torchmetrics' per-class map,
   * which runs pycocotools with that one category; -1 for a category without ground truth.
   */
  double classAp(int k, int maxDets) {
    int thresholds = CocoParams.IOU_THRESHOLDS.length;
    int recallPoints = CocoParams.RECALL_THRESHOLDS.length;
    int kk = categories.length;
    int aa = CocoParams.AREA_RANGES.length;
    int mm = params.maxDets().size();
    double[] values = new double[thresholds * recallPoints * mm];
    int n = 0;
    for (int t = 0; t < thresholds; t++) {
      for (int r = 0; r < recallPoints; r++) {
        for (int m = 0; m < mm; m++) {
          if (params.maxDets().get(m) != maxDets) {
            continue;
          }
          double v = precision[(((t * recallPoints + r) * kk + k) * aa) * mm + m];
          if (v > -1) {
            values[n++] = v;
          }
        }
      }
    }
    return n == 0 ? -1 : sweep.metrics.PairwiseSum.sum(Arrays.copyOf(values, n)) / n;
  }

  int categoryCount() {
    return categories.length;
  }

  long categoryId(int k) {
    return categories[k];
  }

  String categoryName(int k) {
    return names[k];
  }

  int imageCount() {
    return images.length;
  }
}
